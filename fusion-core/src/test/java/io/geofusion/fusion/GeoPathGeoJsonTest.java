package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.GeoJsonRfc7946Validator;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.json.GeoPathGeoJson;
import io.geofusion.json.GeoPathJson;
import io.geofusion.path.HopAnalyzer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoPathGeoJsonTest {

  @TempDir static Path dir;
  static MaxMindGeoIpService geoip;
  static final GeoPathLocator LOCATOR = GeoPathLocator.of(HopAnalyzer.defaults());

  @BeforeAll
  static void databases() throws Exception {
    geoip = GeoPathTestData.geoip(dir);
  }

  @AfterAll
  static void close() {
    geoip.close();
  }

  @Test
  void toGeoJson_originPath_isValidRfc7946WithOneFeaturePerKind() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, GeoPathTestData.FRANKFURT);
    ObjectNode fc = GeoPathGeoJson.toGeoJson(p);
    GeoJsonRfc7946Validator.assertValid(fc);
    // Arcs vantage->3 and 6->7 have zero length and are not drawn.
    assertThat(GeoJsonRfc7946Validator.kinds(fc)).isEqualTo(Map.of("vantage", 1, "waypoint", 4,
        "geoip_accuracy", 4, "arc", 2));
    JsonNode h6 = waypoint(fc, 6);
    assertThat(h6.at("/geometry/coordinates/0").asDouble()).isEqualTo(-96.8); // [lon, lat]
    assertThat(h6.at("/geometry/coordinates/1").asDouble()).isEqualTo(32.78);
    assertThat(h6.at("/properties/city").asText()).isEqualTo("Dallas");
    assertThat(h6.at("/properties/asn").asLong()).isEqualTo(60068);
    assertThat(h6.at("/properties/geoip_infeasible").asBoolean()).isTrue();
    assertThat(h6.at("/properties/flags").toString()).contains("geoip_infeasible");
    assertThat(h6.at("/properties/min_rtt_ms").asDouble()).isEqualTo(52.7);
    JsonNode arc46 = arc(fc, 6);
    assertThat(arc46.at("/properties/from_ttl").asInt()).isEqualTo(4);
    assertThat(arc46.at("/properties/skipped_ttls").toString()).isEqualTo("[5]");
    assertThat(arc46.at("/geometry/type").asText()).isEqualTo("LineString");
    // ~7,900 km at <= 100 km per step.
    assertThat(arc46.at("/geometry/coordinates").size()).isBetween(80, 90);
  }

  @Test
  void toGeoJson_pacificPath_arcIsAMultiLineStringCutAt180() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.pacificPath(), geoip, GeoPathTestData.TOKYO);
    ObjectNode fc = GeoPathGeoJson.toGeoJson(p);
    GeoJsonRfc7946Validator.assertValid(fc);
    JsonNode pacific = arc(fc, 4);
    assertThat(pacific.at("/geometry/type").asText()).isEqualTo("MultiLineString");
    assertThat(pacific.at("/properties/crosses_antimeridian").asBoolean()).isTrue();
    JsonNode west = pacific.at("/geometry/coordinates/0");
    JsonNode east = pacific.at("/geometry/coordinates/1");
    assertThat(west.get(0).get(0).asDouble()).isEqualTo(139.69);
    assertThat(west.get(west.size() - 1).get(0).asDouble()).isEqualTo(180.0);
    assertThat(east.get(0).get(0).asDouble()).isEqualTo(-180.0);
    assertThat(east.get(east.size() - 1).get(0).asDouble()).isEqualTo(-118.24);
  }

  @Test
  void features_withoutCircles_hasNoPolygons() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, null);
    assertThat(GeoPathGeoJson.features(p, false))
        .extracting(f -> f.at("/properties/kind").asText())
        .containsExactly("waypoint", "waypoint", "waypoint", "waypoint", "arc", "arc");
  }

  @Test
  void toJson_everyWaypointWithEveryField() throws Exception {
    GeoPath p = LOCATOR.locate(GeoPathTestData.originPath(), geoip, GeoPathTestData.FRANKFURT);
    ObjectNode doc = GeoPathJson.toJson(p);
    assertThat(doc.get("type").asText()).isEqualTo("GEO_PATH");
    assertThat(doc.get("feasibility_checked").asBoolean()).isTrue();
    assertThat(doc.get("waypoints")).hasSize(7);
    for (JsonNode w : doc.get("waypoints")) {
      assertThat(w.fieldNames()).toIterable().containsExactly("ttl", "address", "address_class",
          "located", "geoip", "asn", "min_rtt_ms", "rtt_bound_km", "vantage_distance_km",
          "delta_km", "geoip_infeasible", "flags");
    }
    JsonNode h1 = doc.at("/waypoints/0");
    assertThat(h1.get("located").asBoolean()).isFalse();
    assertThat(h1.get("geoip").isNull()).isTrue();
    assertThat(h1.get("address_class").asText()).isEqualTo("private");
    JsonNode h3 = doc.at("/waypoints/2");
    assertThat(h3.at("/geoip/city").asText()).isEqualTo("Frankfurt");
    assertThat(h3.at("/geoip/network").asText()).isEqualTo("62.115.40.0/29");
    assertThat(h3.at("/asn/number").asLong()).isEqualTo(1299);
    assertThat(doc.get("arcs")).hasSize(4);
    assertThat(doc.at("/arcs/0/from_ttl").isNull()).isTrue();
    assertThat(doc.at("/arcs/0/skipped_ttls").toString()).isEqualTo("[1,2]");
    assertThat(doc.get("anomalies").toString()).contains("hop_latency_spike", "geoip_infeasible");
  }

  private static JsonNode waypoint(JsonNode fc, int ttl) {
    for (JsonNode f : fc.get("features")) {
      if (f.at("/properties/kind").asText().equals("waypoint")
          && f.at("/properties/ttl").asInt() == ttl) {
        return f;
      }
    }
    throw new AssertionError("no waypoint feature for TTL " + ttl);
  }

  private static JsonNode arc(JsonNode fc, int toTtl) {
    for (JsonNode f : fc.get("features")) {
      if (f.at("/properties/kind").asText().equals("arc")
          && f.at("/properties/to_ttl").asInt() == toTtl) {
        return f;
      }
    }
    throw new AssertionError("no arc feature to TTL " + toTtl);
  }
}
