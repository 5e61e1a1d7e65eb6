package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode of {@code probe}, {@code traceroute} and {@code analyze} without any network: errors
 * use targets that never leave the machine (malformed literals, multicast/broadcast refused
 * before sending, names under {@code .invalid}, which never resolve per RFC 6761 and are answered
 * without a DNS query), and real probes go to loopback only, as TCP connects to a
 * {@link ServerSocket} this test opens.
 */
class LiveProbeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  private String tcp() {
    return "tcp:" + server.getLocalPort();
  }

  private static long errorLines(CliRun r) {
    return r.err().lines().filter(l -> l.startsWith("geofusion: error:")
        || l.startsWith("geofusion: usage error:")).count();
  }

  @Test
  void probe_tcpToLoopbackListener_jsonNamesBackendAndTimestampSource() throws IOException {
    CliRun r = CliRun.of("probe", "127.0.0.1", "--method", tcp(), "-c", "3", "--interval",
        "200ms", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode res = JSON.readTree(r.out()).path("results");
    assertThat(res.size()).isEqualTo(1);
    JsonNode d = res.get(0);
    assertThat(d.path("type").asText()).isEqualTo("PING_RESULT");
    assertThat(d.path("target").asText()).isEqualTo("127.0.0.1");
    assertThat(d.path("protocol").asText()).isEqualTo("TCP");
    assertThat(d.path("source_format").isNull()).as("live, not recorded").isTrue();
    assertThat(d.path("rtt_ms").size()).isEqualTo(3);
    assertThat(d.path("metrics").path("received").asInt()).isEqualTo(3);
    assertThat(d.path("metrics").path("min_rtt").asDouble()).isPositive();
    assertThat(d.path("distance").path("max_km").asDouble()).isPositive();
    JsonNode p = d.path("probe");
    assertThat(p.path("backend").asText()).isEqualTo("tcp-connect");
    assertThat(p.path("method").asText()).isEqualTo("TCP");
    assertThat(p.path("port").asInt()).isEqualTo(server.getLocalPort());
    assertThat(p.path("timestamp_source").asText()).isEqualTo("user_space");
    assertThat(r.err()).doesNotContain("\r");
  }

  @Test
  void probe_hostName_resolvedOnceAndAddressShown() throws IOException {
    CliRun r = CliRun.of("probe", "localhost", "--method", tcp(), "-c", "2", "--interval",
        "200ms");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("PING localhost (127.0.0.1): tcp-connect, TCP port "
        + server.getLocalPort() + ", user-space timestamps");
    CliRun j = CliRun.of("probe", "localhost", "--method", tcp(), "-c", "1", "--ndjson");
    JsonNode e = JSON.readTree(j.out().strip());
    assertThat(e.path("type").asText()).isEqualTo("RECON_LATENCY_ANALYSIS");
    assertThat(e.path("entity").asText()).isEqualTo("127.0.0.1");
    assertThat(e.path("probe").path("target").asText()).isEqualTo("localhost");
    assertThat(e.path("probe").path("resolved").asBoolean()).isTrue();
  }

  @Test
  void probe_portGivenTwice_mustAgree() {
    CliRun r = CliRun.of("probe", "127.0.0.1", "--method", "tcp:80", "--port", "81");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("disagree");
  }

  @Test
  void probe_inputAndTargets_usageError() {
    CliRun r = CliRun.of("probe", "127.0.0.1", "--input", "x.json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("not both");
    assertThat(errorLines(r)).isEqualTo(1);
  }

  @Test
  void traceroute_neitherInputNorTargets_usageError() {
    CliRun r = CliRun.of("traceroute");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("TARGET").contains("--input");
  }

  @Test
  void probe_invalidAddress_oneLineExit2() {
    CliRun r = CliRun.of("probe", "999.1.2.3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("invalid address '999.1.2.3'").doesNotContain("\tat ");
    assertThat(errorLines(r)).isEqualTo(1);
  }

  @Test
  void probe_garbageTarget_oneLineExit2() {
    CliRun r = CliRun.of("probe", "not a host!");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("neither an IP address nor a host name");
  }

  @Test
  void probe_multicastAndBroadcast_refusedBeforeSending() {
    CliRun m = CliRun.of("probe", "224.0.0.1");
    assertThat(m.exitCode()).isEqualTo(2);
    assertThat(m.err()).contains("refusing to probe the multicast address 224.0.0.1");
    CliRun b = CliRun.of("traceroute", "255.255.255.255");
    assertThat(b.exitCode()).isEqualTo(2);
    assertThat(b.err()).contains("broadcast");
    CliRun u = CliRun.of("analyze", "::");
    assertThat(u.exitCode()).isEqualTo(2);
    assertThat(u.err()).contains("unspecified");
  }

  @Test
  void probe_unresolvableName_oneLineExit1_stackTraceOnlyWithVerbose() {
    CliRun r = CliRun.of("probe", "no-such-host.invalid");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cannot resolve 'no-such-host.invalid'")
        .doesNotContain("\tat ");
    assertThat(errorLines(r)).isEqualTo(1);
    CliRun v = CliRun.of("--verbose", "probe", "no-such-host.invalid");
    assertThat(v.exitCode()).isEqualTo(1);
    assertThat(v.err()).contains("\tat ");
  }

  @Test
  void probe_severalTargets_failuresReportedOthersComplete() throws IOException {
    CliRun r = CliRun.of("probe", "127.0.0.1", "gone.invalid", "224.0.0.1", "localhost",
        "--method", tcp(), "-c", "2", "--interval", "200ms", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode res = JSON.readTree(r.out()).path("results");
    assertThat(res.size()).isEqualTo(2);
    assertThat(res.get(0).path("probe").path("target").asText()).isEqualTo("127.0.0.1");
    assertThat(res.get(1).path("probe").path("target").asText()).isEqualTo("localhost");
    assertThat(r.err()).contains("geofusion: error: cannot resolve 'gone.invalid'")
        .contains("geofusion: error: refusing to probe the multicast address 224.0.0.1")
        .contains("2 of 4 targets done; failed: gone.invalid, 224.0.0.1")
        .doesNotContain("\r");
    assertThat(errorLines(r)).isEqualTo(2);
  }

  @Test
  void probe_targetsFile_readWithComments() throws IOException {
    Path f = dir.resolve("targets.txt");
    Files.write(f, List.of("# loopback only", "127.0.0.1   # this machine", "", "localhost"));
    CliRun r = CliRun.of("probe", "--targets", f.toString(), "--method", tcp(), "-c", "1",
        "--parallel", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("PING 127.0.0.1:").contains("PING localhost (127.0.0.1):");
    assertThat(r.err()).contains("2 of 2 targets done");
  }

  @Test
  void probe_missingTargetsFile_oneLineExit1() {
    CliRun r = CliRun.of("probe", "--targets", dir.resolve("none.txt").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file; check --targets");
  }

  @Test
  void probe_badOptions_usageErrors() {
    assertThat(CliRun.of("probe", "127.0.0.1", "--method", "carrier-pigeon").err())
        .contains("--method must be icmp, udp[:PORT], tcp[:PORT] or auto");
    CliRun count = CliRun.of("probe", "127.0.0.1", "-c", "0");
    assertThat(count.exitCode()).isEqualTo(2);
    assertThat(count.err()).contains("count must be in [1, 10000]");
    CliRun interval = CliRun.of("probe", "127.0.0.1", "--interval", "soon");
    assertThat(interval.exitCode()).isEqualTo(2);
    assertThat(interval.err()).contains("--interval must be a time");
    CliRun backend = CliRun.of("probe", "127.0.0.1", "--backend", "carrier-pigeon");
    assertThat(backend.exitCode()).isEqualTo(2);
    assertThat(backend.err()).contains("unknown probe backend 'carrier-pigeon'");
    CliRun ttl = CliRun.of("traceroute", "127.0.0.1", "--first-ttl", "9", "--max-ttl", "3");
    assertThat(ttl.exitCode()).isEqualTo(2);
    assertThat(ttl.err()).contains("first TTL <= max TTL");
    CliRun par = CliRun.of("probe", "127.0.0.1", "--parallel", "99");
    assertThat(par.exitCode()).isEqualTo(2);
    assertThat(par.err()).contains("--parallel must be in [1, 16]");
  }

  @Test
  void probe_backendThatCannotRunTheMethod_oneLineExit1() {
    CliRun r = CliRun.of("probe", "127.0.0.1", "--backend", "tcp-connect", "--method", "icmp");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("backend tcp-connect cannot ping with ICMP here")
        .doesNotContain("\tat ");
    CliRun t = CliRun.of("traceroute", "127.0.0.1", "--backend", "tcp-connect", "--method",
        tcp());
    assertThat(t.exitCode()).isEqualTo(1);
    assertThat(t.err()).contains("tcp-connect cannot trace");
  }

  @Test
  void analyze_live_withoutVantage_saysWhatIsLostAndStillReportsDistance() throws IOException {
    CliRun r = CliRun.of("analyze", "127.0.0.1", "--method", tcp(), "-c", "2", "--interval",
        "200ms", "-m", "3", "-W", "300ms", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode d = JSON.readTree(r.out()).path("results").get(0);
    assertThat(d.path("vantage").isNull()).isTrue();
    assertThat(d.path("warnings").toString()).contains("no vantage position")
        .contains("cannot place the target");
    assertThat(d.path("ping").path("distance").path("max_km").asDouble()).isPositive();
    assertThat(d.path("ping").path("probe").path("backend").asText()).isEqualTo("tcp-connect");
    assertThat(d.path("abstained").asBoolean()).as("no vantage, no GeoIP: nothing places it")
        .isTrue();
  }

  @Test
  void analyze_live_vantagesFileIsForRecordedData() {
    CliRun r = CliRun.of("analyze", "127.0.0.1", "--vantages", "v.csv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--from");
  }

  @Test
  void configVantageAndMethod_applyToLiveAnalyze() throws IOException {
    Path cfg = dir.resolve("config.properties");
    Files.writeString(cfg, "vantage = 50.11, 8.68\nprobe.method = " + tcp() + "\n");
    CliRun r = CliRun.of("--config", cfg.toString(), "analyze", "127.0.0.1", "-c", "1", "-m",
        "2", "-W", "300ms", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode d = JSON.readTree(r.out()).path("results").get(0);
    assertThat(d.path("vantage").path("lat").asDouble()).isEqualTo(50.11);
    assertThat(d.path("ping").path("probe").path("method").asText()).isEqualTo("TCP");
    assertThat(d.path("abstained").asBoolean()).isFalse();
  }

  @Test
  void progress_render_countsDoneAndFailed() {
    java.io.StringWriter sw = new java.io.StringWriter();
    Progress p = new Progress(new java.io.PrintWriter(sw), 4, true).begin();
    p.step("a", true);
    p.step("b", false);
    assertThat(p.render()).isEqualTo("[############............] 2/4 targets  1 failed  last: b");
    p.println("geofusion: error: b: boom");
    p.close();
    assertThat(sw.toString()).startsWith("\r[").contains("geofusion: error: b: boom\n")
        .endsWith("\r");
    java.io.StringWriter quiet = new java.io.StringWriter();
    try (Progress q = new Progress(new java.io.PrintWriter(quiet), 2, false).begin()) {
      q.step("a", true);
      q.println("line");
    }
    assertThat(quiet.toString()).isEqualTo("line" + System.lineSeparator());
  }
}
