package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbInteger;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.HostReport;
import io.geofusion.testing.MiniSchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostReportJson} writes documents and events that conform to
 * docs/schemas/host-location.schema.json, with {@code geoip}, {@code asn} and {@code
 * anonymous_ip} when the databases know the target.
 */
class HostReportJsonTest {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final String LISTED = "62.115.40.1";
  static final String UNLISTED = "62.115.40.130";
  static final String UNKNOWN = "198.51.100.7";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniSchemaValidator SCHEMAS =
      new MiniSchemaValidator(Path.of("..", "docs", "schemas"));

  @TempDir static Path dir;

  static GeoIpService geo;
  static HostLocator locator;

  @BeforeAll
  static void writeDatabases() throws Exception {
    Path city = dir.resolve("city.mmdb");
    MmdbWriter.ipv6("Json-Test-City")
        .insert("62.115.40.0/24", MmdbWriter.cityRecord(FRANKFURT, 20, "DE", "Hesse", "Frankfurt"))
        .write(city);
    Path asn = dir.resolve("asn.mmdb");
    MmdbWriter.ipv6("Json-Test-ASN")
        .insert("62.115.40.0/24", Map.of("autonomous_system_number", MmdbInteger.uint32(1299),
            "autonomous_system_organization", "Arelion"))
        .write(asn);
    Path anon = dir.resolve("anon.mmdb");
    MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("62.115.40.0/25", Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .write(anon);
    geo = MaxMindGeoIpService.builder().database(city).database(asn).anonymousIpDatabase(anon)
        .build();
    locator = HostLocator.builder(FusionEngine.create()).geoIp(geo).build();
  }

  @AfterAll
  static void close() {
    geo.close();
  }

  /** Vantages around Frankfurt whose RTTs put the target there. */
  static List<VantageObservation> vantages() {
    List<VantageObservation> out = new ArrayList<>();
    out.add(VantageObservation.of("ams", LatLon.of(52.37, 4.90), 6.1));
    out.add(VantageObservation.of("par", LatLon.of(48.86, 2.35), 7.3));
    out.add(VantageObservation.of("zrh", LatLon.of(47.37, 8.54), 3.9));
    return out;
  }

  private static List<String> problems(JsonNode doc) {
    return SCHEMAS.validate(doc, "host-location.schema.json");
  }

  @Test
  void document_listedHostWithGeoIpAndAsn_conformsAndCarriesEverySection() throws Exception {
    HostReport h = locator.locate(LISTED, vantages());

    ObjectNode doc = HostReportJson.document(h, true);

    assertThat(problems(doc)).isEmpty();
    assertThat(doc.get("node").asText()).isEqualTo("host:" + LISTED);
    assertThat(doc.at("/geoip/city").asText()).isEqualTo("Frankfurt");
    assertThat(doc.at("/geoip/accuracy_radius_km").asDouble()).isEqualTo(20.0);
    assertThat(doc.at("/asn/number").asLong()).isEqualTo(1299);
    assertThat(doc.at("/asn/organization").asText()).isEqualTo("Arelion");
    assertThat(doc.at("/anonymous_ip/listed_as_proxy").asBoolean()).isTrue();
    assertThat(doc.at("/anonymous_ip/flags").toString())
        .isEqualTo("[\"anonymous\",\"anonymous_vpn\"]");
    assertThat(doc.at("/host_class/label").asText()).isEqualTo("vpn_exit");
  }

  @Test
  void event_typeFirstThenTheDocument_conforms() throws Exception {
    HostReport h = locator.locate(LISTED, vantages());

    ObjectNode e = HostReportJson.event(h, true);
    String line = HostReportJson.eventLine(h, true);

    assertThat(problems(e)).isEmpty();
    assertThat(e.fieldNames().next()).isEqualTo("type");
    assertThat(e.get("type").asText()).isEqualTo(HostReportJson.HOST_LOCATION);
    assertThat(line).isEqualTo(e.toString()).doesNotContain("\n");
    ObjectNode rest = e.deepCopy();
    rest.remove("type");
    assertThat(rest.toString()).isEqualTo(HostReportJson.document(h, true).toString());
  }

  @Test
  void document_anonymousIp_onlyWhenListedOrADatabaseWasConsulted() throws Exception {
    HostReport unlisted = locator.locate(UNLISTED, vantages());

    assertThat(HostReportJson.document(unlisted, false).has("anonymous_ip")).isFalse();
    ObjectNode consulted = HostReportJson.document(unlisted, true);
    assertThat(consulted.at("/anonymous_ip/listed_as_proxy").asBoolean()).isFalse();
    assertThat(consulted.at("/anonymous_ip/flags").size()).isZero();
    assertThat(problems(consulted)).isEmpty();
    assertThat(HostReportJson.document(locator.locate(LISTED, vantages()), false)
        .has("anonymous_ip")).as("a listing is always written").isTrue();
  }

  @Test
  void document_noGeoIpAnswerOrAbstained_conformsWithoutGeoIpOrAsn() throws Exception {
    ObjectNode unknown = HostReportJson.document(locator.locate(UNKNOWN, vantages()), false);
    ObjectNode abstained = HostReportJson.document(
        locator.locateByName("example.net", List.of(), HostLocator.Facts.UNKNOWN), false);

    for (ObjectNode d : List.of(unknown, abstained)) {
      assertThat(problems(d)).isEmpty();
      assertThat(d.has("geoip")).isFalse();
      assertThat(d.has("asn")).isFalse();
    }
    assertThat(abstained.get("estimate").isNull()).isTrue();
  }

  @Test
  void results_prettyObjectWithTheDocumentsInOrder() throws Exception {
    ObjectNode a = HostReportJson.document(locator.locate(LISTED, vantages()), false);
    ObjectNode b = HostReportJson.document(locator.locate(UNKNOWN, vantages()), false);

    String text = HostReportJson.results(List.of(a, b));

    assertThat(text).startsWith("{\n  \"results\" : [ {");
    JsonNode results = JSON.readTree(text).get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).toString()).isEqualTo(a.toString());
    assertThat(results.get(1).toString()).isEqualTo(b.toString());
  }
}
