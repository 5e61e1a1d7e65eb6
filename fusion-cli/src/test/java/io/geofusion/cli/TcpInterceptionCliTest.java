package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.probe.vnet.InterceptLab;
import io.geofusion.testing.MiniSchemaValidator;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code probe --method tcp:PORT} and {@code analyze} through a router that intercepts every TCP
 * connection (nftables redirect to an accept-all listener, {@link InterceptLab}) and through the
 * same router without interception: the warning appears in the first and never in the second.
 * Needs root and nft; skips saying so otherwise.
 */
class TcpInterceptionCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniSchemaValidator SCHEMAS =
      new MiniSchemaValidator(Path.of("..", "docs", "schemas"));

  private static void assumeLab(boolean intercept) {
    Optional<String> why = InterceptLab.unavailableReason(intercept);
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
  }

  private static CliRun in(InterceptLab lab, String... args) throws Exception {
    return lab.call(() -> CliRun.of(args));
  }

  @Test
  void probeTcp_interceptingRouter_warnsInTableAndJsonAndGivesNoDistance() throws Exception {
    assumeLab(true);
    try (InterceptLab lab = InterceptLab.start(true)) {
      CliRun text = in(lab, "probe", InterceptLab.TARGET, "--method", "tcp:443", "-c", "2",
          "--interval", "0.2", "-W", "1");
      assertThat(text.exitCode()).as(text.err()).isZero();
      assertThat(text.out()).contains("tcp_intercepted_suspected,closed_port_accepted")
          .contains(InterceptLab.TARGET + ": TCP looks intercepted by a middlebox (port ")
          .contains("which should be closed, accepted a connection too")
          .contains("no distance is given; try --method icmp");

      CliRun json = in(lab, "probe", InterceptLab.TARGET, "--method", "tcp:443", "-c", "2",
          "--interval", "0.2", "-W", "1", "--json");
      JsonNode d = JSON.readTree(json.out()).path("results").get(0);
      assertThat(SCHEMAS.validate(d, "ping-result.schema.json")).isEmpty();
      assertThat(d.path("anomalies").toString()).contains("tcp_intercepted_suspected");
      assertThat(d.path("distance").isNull()).isTrue();

      CliRun nd = in(lab, "probe", InterceptLab.TARGET, "--method", "tcp:443", "-c", "1",
          "-W", "1", "--ndjson");
      JsonNode line = JSON.readTree(nd.out().strip());
      assertThat(SCHEMAS.validate(line, "recon-latency-analysis.schema.json")).isEmpty();
      assertThat(line.path("anomalies").toString()).contains("tcp_intercepted_suspected");

      CliRun an = in(lab, "analyze", InterceptLab.TARGET, "--method", "tcp:443", "--from",
          "50.11,8.68", "-c", "2", "--interval", "0.2", "-W", "1", "-m", "4", "--json");
      assertThat(an.exitCode()).as(an.err()).isZero();
      JsonNode a = JSON.readTree(an.out()).path("results").get(0);
      assertThat(a.path("warnings").toString()).contains("looks intercepted by a middlebox");
      assertThat(a.path("ping").path("anomalies").toString())
          .contains("tcp_intercepted_suspected");
    }
  }

  @Test
  void probeTcp_forwardingRouter_noWarning() throws Exception {
    assumeLab(false);
    try (InterceptLab lab = InterceptLab.start(false)) {
      CliRun text = in(lab, "probe", InterceptLab.TARGET, "--method", "tcp:443", "-c", "2",
          "--interval", "0.2", "-W", "1", "--json");
      assertThat(text.exitCode()).as(text.err()).isZero();
      JsonNode d = JSON.readTree(text.out()).path("results").get(0);
      assertThat(d.path("anomalies").toString()).doesNotContain("intercept");
      assertThat(d.path("distance").isNull()).isFalse();
      CliRun an = in(lab, "analyze", InterceptLab.TARGET, "--method", "tcp:443", "--from",
          "50.11,8.68", "-c", "2", "--interval", "0.2", "-W", "1", "-m", "4", "--json");
      assertThat(an.exitCode()).as(an.err()).isZero();
      assertThat(an.out()).doesNotContain("intercept");
    }
  }
}
