package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoPolygon;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.GeoRing;
import io.geofusion.geo.GeoTestSupport;
import io.geofusion.geo.LatLon;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeoJsonTest {

  private static final GeoRing CW_SQUARE = new GeoRing(List.of(LatLon.of(0, 0), LatLon.of(1, 0),
      LatLon.of(1, 1), LatLon.of(0, 1), LatLon.of(0, 0)));
  private static final GeoRing CCW_HOLE = new GeoRing(List.of(LatLon.of(0.25, 0.25),
      LatLon.of(0.25, 0.75), LatLon.of(0.75, 0.75), LatLon.of(0.75, 0.25), LatLon.of(0.25, 0.25)));

  @Test
  void point_writesLonLatRoundedTo6Decimals() {
    ObjectNode p = GeoJson.point(LatLon.of(52.123456789, -4.0000004));
    assertThat(GeoJson.toJson(p))
        .isEqualTo("{\"type\":\"Point\",\"coordinates\":[-4.0,52.123457]}");
  }

  @Test
  void round_negativeZeroBecomesZero() {
    assertThat(GeoJson.round(-0.0000001)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(GeoJson.round(-0.0000001))).isZero();
    assertThat(GeoJson.round(179.9999996)).isEqualTo(180.0);
  }

  @Test
  void polygon_clockwiseInput_writtenCounterClockwiseWithClockwiseHoles() {
    assertThat(CW_SQUARE.isCounterClockwise()).isFalse();
    assertThat(CCW_HOLE.isCounterClockwise()).isTrue();
    ObjectNode g = GeoJson.polygon(new GeoPolygon(CW_SQUARE, List.of(CCW_HOLE)));
    JsonNode rings = g.get("coordinates");
    assertThat(GeoTestSupport.signedArea(rings.get(0))).isEqualTo(1.0);
    assertThat(GeoTestSupport.signedArea(rings.get(1))).isEqualTo(-0.25);
    assertThat(rings.get(0).get(0)).isEqualTo(rings.get(0).get(4));
    assertThat(GeoTestSupport.validityErrorOf(g)).isNull();
    assertThat(g.has("crs")).isFalse();
  }

  @Test
  void polygon_ringCollapsingAtPrecision_rejected() {
    GeoRing tiny = new GeoRing(List.of(LatLon.of(0, 0), LatLon.of(0, 1e-8), LatLon.of(1e-8, 1e-8),
        LatLon.of(0, 0)));
    assertThatThrownBy(() -> GeoJson.polygon(GeoPolygon.of(tiny)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6-decimal precision");
  }

  @Test
  void geometry_onePart_isPolygon_multiPart_isMultiPolygon() {
    GeoRegion one = new GeoRegion(List.of(GeoPolygon.of(CW_SQUARE)));
    assertThat(GeoJson.geometry(one).get("type").asText()).isEqualTo("Polygon");
    assertThat(GeoJson.multiPolygon(one).get("coordinates")).hasSize(1);
    GeoRing other = new GeoRing(List.of(LatLon.of(5, 5), LatLon.of(5, 6), LatLon.of(6, 6),
        LatLon.of(5, 5)));
    GeoRegion two = new GeoRegion(List.of(GeoPolygon.of(CW_SQUARE), GeoPolygon.of(other)));
    ObjectNode g = GeoJson.geometry(two);
    assertThat(g.get("type").asText()).isEqualTo("MultiPolygon");
    assertThat(g.get("coordinates")).hasSize(2);
    assertThat(GeoTestSupport.signedArea(g.get("coordinates").get(1).get(0))).isPositive();
  }

  @Test
  void lineString_mergesDuplicatesAndNeedsTwoPositions() {
    ObjectNode l = GeoJson.lineString(List.of(LatLon.of(1, 2), LatLon.of(1, 2), LatLon.of(3, 4)));
    assertThat(GeoJson.toJson(l))
        .isEqualTo("{\"type\":\"LineString\",\"coordinates\":[[2.0,1.0],[4.0,3.0]]}");
    assertThatThrownBy(() -> GeoJson.lineString(List.of(LatLon.of(1, 2), LatLon.of(1, 2))))
        .hasMessageContaining("at least 2 distinct");
  }

  @Test
  void feature_withProperties_writesTypedValues() throws Exception {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("radius_km", 250);
    props.put("confidence", 0.9);
    props.put("kind", "rtt_bound");
    props.put("anycast", false);
    props.put("vantage", LatLon.of(52.37, 4.89));
    props.put("note", null);
    ObjectNode f = GeoJson.feature(GeoJson.point(LatLon.of(1, 2)), props);
    String text = GeoJson.toJson(GeoJson.featureCollection(List.of(f)));
    JsonNode back = new ObjectMapper().readTree(text);
    assertThat(back.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode p = back.get("features").get(0).get("properties");
    assertThat(p.get("radius_km").asInt()).isEqualTo(250);
    assertThat(p.get("confidence").asDouble()).isEqualTo(0.9);
    assertThat(p.get("kind").asText()).isEqualTo("rtt_bound");
    assertThat(p.get("anycast").asBoolean()).isFalse();
    assertThat(p.get("vantage").get("lon").asDouble()).isEqualTo(4.89);
    assertThat(p.get("note").isNull()).isTrue();
    assertThat(back.get("features").get(0).get("geometry").get("coordinates").get(0).asDouble())
        .isEqualTo(2.0);
  }

  @Test
  void feature_unlocated_hasNullGeometryAndEmptyProperties() {
    ObjectNode f = GeoJson.feature(null, Map.of());
    assertThat(GeoJson.toJson(f))
        .isEqualTo("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}");
  }

  @Test
  void feature_badPropertyValues_rejectedNamingTheKey() {
    ObjectNode g = GeoJson.point(LatLon.of(0, 0));
    assertThatThrownBy(() -> GeoJson.feature(g, Map.of("rtt_ms", Double.NaN)))
        .hasMessageContaining("rtt_ms").hasMessageContaining("NaN");
    assertThatThrownBy(() -> GeoJson.feature(g, Map.of("when", new Object())))
        .hasMessageContaining("when").hasMessageContaining("unsupported type");
  }

  @Test
  void featureCollection_nonFeatureMember_rejected() {
    assertThatThrownBy(() -> GeoJson.featureCollection(List.of(GeoJson.point(LatLon.of(0, 0)))))
        .hasMessageContaining("member 0 is not a GeoJSON Feature");
  }

  @Test
  void circleFeature_endToEnd_validRfc7946Shape() throws Exception {
    GeoRegion r = GeoCircle.of(LatLon.of(-17.7, 179.5), 300).polygon();
    String text = GeoJson.toJson(GeoJson.featureCollection(List.of(
        GeoJson.feature(GeoJson.geometry(r), Map.of("radius_km", 300)))));
    JsonNode back = new ObjectMapper().readTree(text);
    JsonNode coords = back.at("/features/0/geometry/coordinates");
    for (JsonNode poly : coords) {
      for (JsonNode pos : poly.get(0)) {
        assertThat(pos.get(0).asDouble()).isBetween(-180.0, 180.0);
        assertThat(pos.get(1).asDouble()).isBetween(-90.0, 90.0);
        assertThat(pos).hasSize(2);
      }
    }
    assertThat(text).doesNotContain("crs");
  }
}
