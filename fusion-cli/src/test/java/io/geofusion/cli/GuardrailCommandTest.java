package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GuardrailCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private static final ObjectMapper M = new ObjectMapper();

  private int run(String... args) {
    CommandLine cl = GeoFusionCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void guardrail_mixedInput_writesAcceptedRejectsTrainingLogAndSummary() throws Exception {
    Path in = dir.resolve("edges.jsonl");
    Files.write(in, List.of(
        "{\"src\":\"host:192.0.2.1\",\"kind\":\"FLOW_TO_HOST\",\"dst\":\"host:192.0.2.2\",\"rule_id\":\"r1\"}",
        "{\"kind\":\"HOST_IN_ASN\",\"dst\":\"AS64500\",\"context_node_id\":\"host:192.0.2.3\"}",
        "this is not json",
        "",
        "{\"src\":\"host:192.0.2.4\",\"kind\":\"FLOW_OBSERVED_HOST\",\"dst\":\"host:192.0.2.5\"}",
        "{\"src\":\"host:192.0.2.6\",\"kind\":\"XQZ_PLORT\",\"dst\":\"host:192.0.2.7\"}",
        "{\"src\":42}"));
    Path rejects = dir.resolve("rejects.jsonl");
    Path tlog = dir.resolve("pairs.jsonl");
    int code = run("guardrail", "--input", in.toString(), "--rejects", rejects.toString(),
        "--training-log", tlog.toString());
    assertThat(code).as(err.toString()).isZero();
    List<String> accepted = out.toString().lines().toList();
    assertThat(accepted).hasSize(2);
    assertThat(M.readTree(accepted.get(1)).get("kind").asText()).isEqualTo("INFERRED_HOST_IN_ORG");
    assertThat(M.readTree(accepted.get(1)).get("dst").asText()).isEqualTo("asn:64500");
    List<String> rej = Files.readAllLines(rejects);
    assertThat(rej).hasSize(4);
    assertThat(rej).extracting(l -> M.readTree(l).get("line").asInt())
        .containsExactlyInAnyOrder(3, 5, 6, 7);
    assertThat(rej).anySatisfy(l -> assertThat(l).contains("observed_zone_kind"));
    assertThat(Files.readAllLines(tlog)).hasSize(1)
        .allSatisfy(l -> assertThat(M.readTree(l).get("output").isNull()).isTrue());
    String e = err.toString();
    assertThat(e).contains(in + ":3: malformed line skipped").contains(in + ":7: malformed");
    assertThat(e).contains("stage          seen  passed  recovered  dropped")
        .contains("accepted 2 of 6").contains("malformed_json=2");
  }

  @Test
  void guardrail_outFile_andMissingInput() throws Exception {
    Path in = dir.resolve("e.jsonl");
    Files.writeString(in, "{\"src\":\"host:a\",\"kind\":\"PORT_HUB\",\"dst\":\"service:tcp/22\"}\n");
    Path o = dir.resolve("ok.jsonl");
    assertThat(run("guardrail", "--input", in.toString(), "--out", o.toString())).isZero();
    assertThat(Files.readAllLines(o)).singleElement()
        .satisfies(l -> assertThat(l).contains("INFERRED_HOST_OFFERS_SERVICE"));
    assertThat(out.toString()).isEmpty();

    assertThat(run("guardrail", "--input", dir.resolve("nope.jsonl").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("nope.jsonl").contains("does not exist");
  }

  @Test
  void guardrail_twoEdgesOnOneLine_isAMalformedLineNotASilentDrop() throws Exception {
    Path in = dir.resolve("two.jsonl");
    String edge = "{\"src\":\"host:a\",\"kind\":\"PORT_HUB\",\"dst\":\"service:tcp/22\"}";
    Files.writeString(in, edge + edge + "\n" + edge + "\n");
    run("guardrail", "--input", in.toString());
    assertThat(err.toString()).contains("two.jsonl:1: malformed line skipped: text after the"
        + " JSON value (at column " + (edge.length() + 1) + ")");
    assertThat(out.toString().strip().lines()).singleElement()
        .satisfies(l -> assertThat(l).contains("INFERRED_HOST_OFFERS_SERVICE"));
  }

  @Test
  void guardrail_usageErrors_exit2() {
    assertThat(run("guardrail")).isEqualTo(2);
    assertThat(err.toString()).contains("--input");
    assertThat(run("guardrail", "--input", "x", "--model", "m")).isEqualTo(2);
    assertThat(err.toString()).contains("--model-url and --model go together");
    assertThat(run("guardrail", "--input", "x", "--max-attempts", "99")).isEqualTo(2);
    assertThat(err.toString()).contains("maxRepairAttempts must be in [0, 10]");
  }
}
