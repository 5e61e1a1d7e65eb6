package io.geofusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Checks real responses against the server's own OpenAPI description with networknt's JSON
 * Schema validator (2020-12, the dialect of OpenAPI 3.1): the schema of the operation's response
 * for that status, with its {@code $ref}s into the components and into docs/schemas (served from
 * the class path under their {@code $id}s). Remembers which operations were checked.
 */
final class OpenApiCheck {

  static final String OPENAPI_IRI = "https://geofusion.io/openapi.json";
  private static final String SCHEMAS_IRI = "https://geofusion.io/schemas/";
  private static final ObjectMapper M = new ObjectMapper();

  private final JsonNode doc;
  private final SchemaRegistry registry;
  private final Set<String> checked = new ConcurrentSkipListSet<>();

  /** @param openApiText the description as the server served it */
  OpenApiCheck(String openApiText) throws IOException {
    this.doc = M.readTree(openApiText);
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemas(iri -> {
          if (OPENAPI_IRI.equals(iri)) {
            return openApiText;
          }
          if (iri.startsWith(SCHEMAS_IRI)) {
            return resource("schemas/" + iri.substring(SCHEMAS_IRI.length()));
          }
          return null;
        }));
  }

  /**
   * Asserts {@code body} is what the description says {@code method path} answers with
   * {@code status}.
   */
  void check(String method, String path, int status, String body) throws IOException {
    String m = method.toLowerCase(java.util.Locale.ROOT);
    String pointer = "/paths/" + escape(path) + "/" + m + "/responses/" + status;
    JsonNode response = doc.at(pointer);
    assertThat(response.isMissingNode()).as("%s %s documents status %d", method, path, status)
        .isFalse();
    if (response.has("$ref")) {
      pointer = response.get("$ref").asText().substring(1);
    }
    String schemaPointer = pointer + "/content/application~1json/schema";
    assertThat(doc.at(schemaPointer).isMissingNode()).as("%s has a JSON schema", schemaPointer)
        .isFalse();
    Schema schema = registry.getSchema(SchemaLocation.of(OPENAPI_IRI + "#" + schemaPointer));
    List<Error> errors = schema.validate(M.readTree(body));
    assertThat(errors).as("%s %s %d: %s", method, path, status, body.length() > 2000
        ? body.substring(0, 2000) + "…" : body).isEmpty();
    checked.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path);
  }

  /** Asserts {@code json} is valid under the schema {@code name} of docs/schemas/. */
  void checkDocument(String name, String json) throws IOException {
    Schema schema = registry.getSchema(SchemaLocation.of(SCHEMAS_IRI + name));
    assertThat(schema.validate(M.readTree(json))).as("%s: %s", name, json).isEmpty();
  }

  /** Every operation the description lists. */
  Set<String> operations() {
    Set<String> all = new TreeSet<>();
    for (var p : doc.get("paths").properties()) {
      for (var m : p.getValue().properties()) {
        all.add(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
      }
    }
    return all;
  }

  /** The operations checked so far. */
  Set<String> checked() {
    return checked;
  }

  private static String escape(String path) {
    return path.replace("~", "~0").replace("/", "~1");
  }

  private static String resource(String name) {
    try (InputStream in = GeoFusionServer.class.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
