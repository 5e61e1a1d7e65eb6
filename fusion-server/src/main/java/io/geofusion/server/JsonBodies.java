package io.geofusion.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.json.ProductJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies as JSON under the server's limits: at most {@code maxDepth} levels of
 * nesting (Jackson's {@link StreamReadConstraints}, checked while parsing, so a deep body costs
 * no more than its bytes). Syntax errors and constraint violations are {@code 400}s naming the
 * problem. Thread-safe.
 */
final class JsonBodies {

  private final ObjectMapper mapper;
  private final int maxDepth;

  JsonBodies(int maxDepth) {
    this.maxDepth = maxDepth;
    this.mapper = ProductJson.newMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth).build());
  }

  /** One JSON value. */
  JsonNode one(String body) {
    if (body.isBlank()) {
      throw new ApiException(400, "empty body: send a JSON object");
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw problem(e);
    }
  }

  /**
   * The objects of a body that is one JSON object, a JSON array of objects, or NDJSON (one
   * object per line).
   */
  List<JsonNode> objects(String body) {
    if (body.isBlank()) {
      throw new ApiException(400, "empty body: send a JSON object, an array of them, or one"
          + " per line (NDJSON)");
    }
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(body)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n.isArray()) {
          n.forEach(out::add);
        } else {
          out.add(n);
        }
      }
    } catch (IOException | RuntimeException e) {
      Throwable cause = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
      throw problem(cause);
    }
    return out;
  }

  private ApiException problem(Throwable e) {
    if (e instanceof StreamConstraintsException) {
      return new ApiException(400, "JSON nested deeper than " + maxDepth
          + " levels; flatten the body");
    }
    if (e instanceof JsonProcessingException j) {
      String msg = j.getOriginalMessage().lines().findFirst().orElse("malformed");
      var loc = j.getLocation();
      return new ApiException(400, "body is not valid JSON: " + msg
          + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr()
          + ")"));
    }
    return new ApiException(400, "cannot read the body: " + e.getMessage());
  }
}
