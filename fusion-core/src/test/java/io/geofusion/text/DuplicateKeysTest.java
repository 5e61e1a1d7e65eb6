package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.geofusion.guardrail.EdgeStream;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.json.ProductJson;
import io.geofusion.json.TracerouteDocument;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JSON object naming one key twice is refused, by every reader: taken last-wins, {"src": A,
 * "src": B} was read as B without a word (issue 19).
 */
class DuplicateKeysTest {

  @Test
  void jsonTrees_duplicateKey_isASyntaxErrorNamingTheKeyAndLine() {
    assertThatThrownBy(() -> JsonTrees.read("{\"a\": 1,\n \"a\": 2}"))
        .isInstanceOf(JsonProcessingException.class)
        .satisfies(e -> assertThat(TextLines.jsonProblem((JsonProcessingException) e))
            .contains("Duplicate field 'a'").contains("column"))
        .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getLineNr())
            .isEqualTo(2));
  }

  @Test
  void jsonTrees_sameKeyInDifferentObjects_isFine() throws Exception {
    assertThat(JsonTrees.read("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}").path("b").path("a")
        .asInt()).isEqualTo(2);
  }

  @Test
  void productJson_duplicateKeyInADocument_isRefused() {
    assertThatThrownBy(() -> ProductJson.fromJson("{\"target\":\"a\",\"target\":\"b\"}",
        TracerouteDocument.class)).hasMessageContaining("Duplicate field 'target'");
  }

  @Test
  void guardrail_edgeWithDuplicateSrc_isRejectedAtParseWithItsLine() throws Exception {
    String good = "{\"src\":\"host:a\",\"kind\":\"PORT_HUB\",\"dst\":\"service:tcp/22\"}";
    String dup = "{\"src\":\"host:a\",\"kind\":\"PORT_HUB\",\"dst\":\"service:tcp/22\","
        + "\"src\":\"host:b\"}";
    byte[] b = (good + "\n" + dup + "\n").getBytes(StandardCharsets.UTF_8);
    StringWriter accepted = new StringWriter();
    StringWriter rejects = new StringWriter();
    List<String> told = new ArrayList<>();

    new EdgeStream(Guardrail.builder().build(), accepted, rejects,
        (line, why) -> told.add(line + ": " + why))
        .run(TextLines.of(new ByteArrayInputStream(b), "edges.jsonl"));

    assertThat(accepted.toString().lines()).hasSize(1);
    assertThat(told).singleElement().satisfies(t -> assertThat(t).startsWith("2: ")
        .contains("Duplicate field 'src'"));
    assertThat(rejects.toString()).contains("\"line\":2,\"stage\":\"parse\"");
  }
}
