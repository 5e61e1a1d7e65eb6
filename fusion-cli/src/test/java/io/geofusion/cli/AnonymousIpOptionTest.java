package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.geoip.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --geoip-anonymous}: the demo data set (three targets whose GeoIP the RTTs confirm for
 * 185.40.4.23 Amsterdam and 133.11.0.77 Tokyo) with an anonymous-IP database, written by {@link
 * MmdbWriter}, that lists 185.40.4.23 as an anonymous VPN and 133.11.0.0/16 as a hosting provider
 * only.
 */
class AnonymousIpOptionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LISTED = "185.40.4.23";
  private static final String HOSTING = "133.11.0.77";

  @TempDir Path dir;
  Path anon;

  @BeforeEach
  void data() throws IOException {
    DemoData.write(dir, 20261126L);
    anon = dir.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("185.40.4.0/24", Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .insert("133.11.0.0/16", Map.of("is_anonymous", true, "is_hosting_provider", true))
        .write(anon);
  }

  private String[] analyze(String... extra) {
    return AnalyzeCommandTest.demoArgs(dir, extra);
  }

  private static Map<String, JsonNode> results(CliRun r) throws IOException {
    return AnalyzeCommandTest.results(r);
  }

  private static void assertOneLineError(CliRun r, String... contains) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("geofusion: error:"))).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ");
    for (String c : contains) {
      assertThat(r.err()).contains(c);
    }
  }

  @Test
  void analyzeJson_listedTargetIsVpnExitAndOthersAreNot() throws IOException {
    Map<String, JsonNode> res = results(CliRun.of(
        analyze("--geoip-anonymous", anon.toString(), "--json")));

    JsonNode listed = res.get("host:" + LISTED);
    assertThat(listed.at("/anonymous_ip/listed_as_proxy").asBoolean()).isTrue();
    assertThat(listed.at("/anonymous_ip/flags").toString())
        .isEqualTo("[\"anonymous\",\"anonymous_vpn\"]");
    assertThat(listed.at("/anonymous_ip/network").asText()).isEqualTo("185.40.4.0/24");
    assertThat(listed.at("/anonymous_ip/source").asText())
        .isEqualTo("GeoIP2-Anonymous-IP (anon.mmdb)");
    assertThat(listed.at("/host_class/label").asText()).isEqualTo("vpn_exit");
    assertThat(listed.at("/host_class/reason").asText()).contains("listed as an anonymous proxy");

    JsonNode hosting = res.get("host:" + HOSTING);
    assertThat(hosting.at("/anonymous_ip/listed_as_proxy").asBoolean()).isFalse();
    assertThat(hosting.at("/anonymous_ip/flags").toString()).contains("hosting_provider");
    assertThat(hosting.at("/host_class/label").asText()).isNotEqualTo("vpn_exit");

    // Not in the database: the object says so instead of being absent.
    JsonNode unlisted = res.get("host:212.102.40.218");
    assertThat(unlisted.at("/anonymous_ip/listed_as_proxy").asBoolean(true)).isFalse();
    assertThat(unlisted.at("/anonymous_ip/flags").size()).isZero();
    assertThat(unlisted.at("/anonymous_ip").has("network")).isFalse();
  }

  /**
   * The {@code anonymous_ip} objects analyze writes use only the names the published schema
   * (docs/schemas/host-location.schema.json) declares, with its required keys and flag values.
   */
  @Test
  void analyzeJson_anonymousIpObjectFollowsThePublishedSchema() throws IOException {
    JsonNode schema = JSON.readTree(Path.of("..", "docs", "schemas", "host-location.schema.json")
        .toFile()).at("/properties/anonymous_ip");
    assertThat(schema.isMissingNode()).as("anonymous_ip in the schema").isFalse();
    List<String> declared = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(declared::add);
    List<String> flagValues = new ArrayList<>();
    schema.at("/properties/flags/items/enum").forEach(f -> flagValues.add(f.asText()));
    Map<String, JsonNode> res = results(CliRun.of(
        analyze("--geoip-anonymous", anon.toString(), "--json")));
    for (JsonNode doc : res.values()) {
      JsonNode a = doc.path("anonymous_ip");
      List<String> keys = new ArrayList<>();
      a.fieldNames().forEachRemaining(keys::add);
      assertThat(declared).containsAll(keys);
      schema.path("required").forEach(k -> assertThat(a.has(k.asText())).as(k.asText()).isTrue());
      assertThat(a.get("listed_as_proxy").isBoolean()).isTrue();
      a.get("flags").forEach(f -> assertThat(flagValues).contains(f.asText()));
    }
  }

  @Test
  void analyzeJson_withoutTheOption_noListingAndNoVpnExit() throws IOException {
    Map<String, JsonNode> res = results(CliRun.of(analyze("--json")));

    JsonNode t = res.get("host:" + LISTED);
    assertThat(t.has("anonymous_ip")).isFalse();
    assertThat(t.at("/host_class/label").asText()).isNotEqualTo("vpn_exit");
  }

  @Test
  void analyzeText_showsFlagsAndClass() {
    CliRun r = CliRun.of(analyze("--geoip-anonymous", anon.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    String block = r.out().substring(r.out().indexOf(LISTED + "\n"));
    block = block.substring(0, block.indexOf("\n\n"));
    assertThat(block)
        .contains("class vpn_exit (0.90, listed as an anonymous proxy)")
        .contains("anonymous IP: anonymous, anonymous_vpn (185.40.4.0/24,"
            + " GeoIP2-Anonymous-IP (anon.mmdb)): listed as an anonymous proxy");
    assertThat(r.out()).contains("anonymous IP: anonymous, hosting_provider")
        .contains("not a proxy listing, recorded only")
        .contains("anonymous IP: not listed");
  }

  @Test
  void analyzeNdjson_eventCarriesTheListing() throws IOException {
    CliRun r = CliRun.of(analyze("--geoip-anonymous", anon.toString(), "--ndjson"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    boolean seen = false;
    for (String line : r.out().lines().toList()) {
      JsonNode e = JSON.readTree(line);
      if (e.path("node").asText().equals("host:" + LISTED)) {
        assertThat(e.at("/anonymous_ip/listed_as_proxy").asBoolean()).isTrue();
        seen = true;
      }
    }
    assertThat(seen).isTrue();
  }

  @Test
  void analyze_configKeyGivesTheDatabase() throws IOException {
    Path cfg = dir.resolve("c.properties");
    Files.writeString(cfg, "geoip.anonymous = " + anon + "\n");
    List<String> args = new ArrayList<>(List.of("--config", cfg.toString()));
    args.addAll(List.of(analyze("--json")));
    Map<String, JsonNode> res = results(CliRun.withEnv(Map.of(), args.toArray(String[]::new)));
    assertThat(res.get("host:" + LISTED).at("/host_class/label").asText()).isEqualTo("vpn_exit");

    CliRun show = CliRun.withEnv(Map.of(), "--config", cfg.toString(), "config", "show");
    String line = show.out().lines().filter(l -> l.startsWith("geoip.anonymous ")).findFirst()
        .orElseThrow();
    assertThat(line).contains("--geoip-anonymous").contains(anon.toString()).contains("analyze")
        .contains("geoip lookup").doesNotContain("geo-path");
  }

  @Test
  void analyze_cityDatabaseAsAnonymous_oneLineError() {
    CliRun r = CliRun.of(analyze("--geoip-anonymous",
        dir.resolve("geoip-demo.mmdb").toString()));
    assertOneLineError(r, "geoip-demo.mmdb", "holds no anonymous-IP flags", "GeoIP2-Anonymous-IP");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void analyze_corruptAnonymousDatabase_oneLineError() throws IOException {
    Path bad = dir.resolve("bad.mmdb");
    Files.writeString(bad, "this is not a MaxMind database\n".repeat(20));
    assertOneLineError(CliRun.of(analyze("--geoip-anonymous", bad.toString())), "bad.mmdb",
        "corrupt");
    assertOneLineError(CliRun.of(analyze("--geoip-anonymous",
        dir.resolve("absent.mmdb").toString())), "absent.mmdb");
  }

  @Test
  void geoipLookup_showsFlags() throws IOException {
    CliRun r = CliRun.of("geoip", "lookup", LISTED, "192.0.2.1", "--geoip-anonymous",
        anon.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("ANONYMOUS").contains("anonymous,anonymous_vpn");

    CliRun j = CliRun.of("geoip", "lookup", LISTED, "--geoip-anonymous", anon.toString(),
        "--json");
    assertThat(j.exitCode()).as(j.err()).isZero();
    JsonNode n = JSON.readTree(j.out()).at("/results/0");
    assertThat(n.at("/anonymous_ip/listed_as_proxy").asBoolean()).isTrue();
    assertThat(n.at("/anonymous_ip/flags").toString()).contains("anonymous_vpn");
  }

  /** MaxMind's own test database: 1.124.213.1 is an anonymous VPN and a Tor exit node. */
  @Test
  void geoipLookup_realMaxMindTestDatabase() throws IOException {
    Path db = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"))
        .resolve("maxmind-db-test/test-data/GeoIP2-Anonymous-IP-Test.mmdb");
    assumeTrue(Files.exists(db),
        "shared data " + db + " is absent: skipping (see docs/architecture.md §9)");
    CliRun j = CliRun.of("geoip", "lookup", "1.124.213.1", "--geoip-anonymous", db.toString(),
        "--json");
    assertThat(j.exitCode()).as(j.err()).isZero();
    JsonNode n = JSON.readTree(j.out()).at("/results/0");
    assertThat(n.at("/anonymous_ip/flags").toString())
        .isEqualTo("[\"anonymous\",\"anonymous_vpn\",\"tor_exit_node\"]");
    assertThat(n.at("/anonymous_ip/network").asText()).isEqualTo("1.124.213.1/32");
    assertThat(n.get("anonymous_ip").has("provider_name")).isFalse();
  }

  /**
   * MaxMind's Anonymous Plus test database (source-data/GeoIP-Anonymous-Plus-Test.json):
   * 1.2.0.1/32 records confidence 30, last seen 2025-04-14 and provider "foo"; 1.2.0.2/32 only
   * confidence 99.
   */
  @Test
  void geoipLookup_anonymousPlusDetails_jsonAndText() throws IOException {
    Path db = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"))
        .resolve("maxmind-db-test/test-data/GeoIP-Anonymous-Plus-Test.mmdb");
    assumeTrue(Files.exists(db),
        "shared data " + db + " is absent: skipping (see docs/architecture.md §9)");
    CliRun j = CliRun.of("geoip", "lookup", "1.2.0.1", "1.2.0.2", "--geoip-anonymous",
        db.toString(), "--ndjson");
    assertThat(j.exitCode()).as(j.err()).isZero();
    List<String> lines = j.out().strip().lines().toList();
    JsonNode full = JSON.readTree(lines.get(0)).get("anonymous_ip");
    assertThat(full.get("anonymizer_confidence").asInt()).isEqualTo(30);
    assertThat(full.get("network_last_seen").asText()).isEqualTo("2025-04-14");
    assertThat(full.get("provider_name").asText()).isEqualTo("foo");
    JsonNode some = JSON.readTree(lines.get(1)).get("anonymous_ip");
    assertThat(some.get("anonymizer_confidence").asInt()).isEqualTo(99);
    assertThat(some.has("network_last_seen")).isFalse();
    assertThat(some.has("provider_name")).isFalse();
    CliRun t = CliRun.of("geoip", "lookup", "1.2.0.1", "--geoip-anonymous", db.toString());
    assertThat(t.out()).contains("anonymous,anonymous_vpn; provider foo, confidence 30/99,"
        + " last seen 2025-04-14");
  }
}
