package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.GeoJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeoJsonRfc7946ValidatorTest {

  private static String fc(String geometry) {
    return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
        + geometry + ",\"properties\":{}}]}";
  }

  private static final String CCW_SQUARE = "[[0,0],[10,0],[10,10],[0,10],[0,0]]";
  private static final String CW_HOLE = "[[2,2],[2,8],[8,8],[8,2],[2,2]]";

  @Test
  void validate_writerOutputIncludingSplitAndPolarCircles() {
    List<LatLon> centres = List.of(LatLon.of(52.37, 4.90), LatLon.of(-17.7, 179.9),
        LatLon.of(85.0, 30.0), LatLon.of(-88.0, -120.0), LatLon.of(0, -180));
    List<ObjectNode> fs = new java.util.ArrayList<>();
    for (LatLon c : centres) {
      fs.add(GeoJson.feature(GeoJson.geometry(GeoCircle.of(c, 900).polygon()),
          Map.of("kind", "circle")));
    }
    fs.add(GeoJson.feature(GeoJson.point(LatLon.of(35.68, 139.69))));
    fs.add(GeoJson.feature(GeoJson.lineString(List.of(LatLon.of(1, 2), LatLon.of(3, 4)))));
    assertThat(GeoJsonRfc7946Validator.validate(GeoJson.featureCollection(fs))).isEmpty();
  }

  @Test
  void validate_validHandWrittenShapes() {
    assertThat(GeoJsonRfc7946Validator.validate(fc("{\"type\":\"Polygon\",\"coordinates\":["
        + CCW_SQUARE + "," + CW_HOLE + "]}"))).isEmpty();
    assertThat(GeoJsonRfc7946Validator.validate(fc("null"))).isEmpty();
    assertThat(GeoJsonRfc7946Validator.validate("{\"type\":\"MultiLineString\",\"coordinates\":"
        + "[[[170,0],[180,1]],[[-180,1],[-170,2]]]}")).isEmpty();
    assertThat(GeoJsonRfc7946Validator.validate("{\"type\":\"GeometryCollection\",\"geometries\":"
        + "[{\"type\":\"Point\",\"coordinates\":[1,2,3]}]}")).isEmpty();
    assertThat(GeoJsonRfc7946Validator.validate("{\"type\":\"Feature\",\"id\":7,"
        + "\"bbox\":[-10,-10,10,10],\"geometry\":null,\"properties\":null}")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "swapped order (Tokyo as [lat, lon])|{\"type\":\"Point\",\"coordinates\":[35.68,139.69]}"
        + "|[lat, lon] order",
    "unwrapped longitude|{\"type\":\"Point\",\"coordinates\":[190,10]}|outside [-180, 180]",
    "exterior clockwise|{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,10],[10,10],[10,0],"
        + "[0,0]]]}|exterior ring is clockwise",
    "hole counter-clockwise|{\"type\":\"Polygon\",\"coordinates\":[" + CCW_SQUARE
        + ",[[2,2],[8,2],[8,8],[2,8],[2,2]]]}|hole is counter-clockwise",
    "unclosed ring|{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10]]]}"
        + "|must be closed",
    "ring of 3|{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[0,0]]]}"
        + "|at least 4 positions",
    "degenerate ring|{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[5,0],[0,0]]]}"
        + "|zero area",
    "line over antimeridian|{\"type\":\"LineString\",\"coordinates\":[[170,0],[-170,1]]}"
        + "|antimeridian unsplit",
    "ring over antimeridian|{\"type\":\"Polygon\",\"coordinates\":[[[170,0],[-170,0],"
        + "[-170,10],[170,10],[170,0]]]}|antimeridian unsplit",
    "crs member|{\"type\":\"Point\",\"crs\":{\"type\":\"name\"},\"coordinates\":[1,2]}|'crs'",
    "unknown type|{\"type\":\"Circle\",\"coordinates\":[1,2]}|unknown or missing geometry",
    "short line|{\"type\":\"LineString\",\"coordinates\":[[1,2]]}|at least 2 positions",
    "four-member position|{\"type\":\"Point\",\"coordinates\":[1,2,3,4]}|a position is",
    "string coordinate|{\"type\":\"Point\",\"coordinates\":[\"1\",2]}|finite numbers",
    "missing coordinates|{\"type\":\"Point\"}|needs a 'coordinates' array",
    "feature without properties|{\"type\":\"Feature\",\"geometry\":null}|'properties' member",
    "feature without geometry|{\"type\":\"Feature\",\"properties\":{}}|'geometry' member",
    "feature id object|{\"type\":\"Feature\",\"id\":{},\"geometry\":null,\"properties\":{}}"
        + "|string or a number",
    "collection without features|{\"type\":\"FeatureCollection\"}|'features' array",
    "geometry in a collection|{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Point\","
        + "\"coordinates\":[1,2]}]}|must be a Feature",
    "feature in geometries|{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":"
        + "\"Feature\",\"geometry\":null,\"properties\":{}}]}|unknown or missing geometry",
    "bbox south above north|{\"type\":\"Point\",\"bbox\":[0,10,1,5],\"coordinates\":[1,2]}"
        + "|south",
    "top-level array|[1,2]|single object",
    "not json|{nope|not JSON",
  })
  void validate_violation_isReported(String name, String json, String expected) {
    List<String> v = GeoJsonRfc7946Validator.validate(json);
    assertThat(v).as(name).isNotEmpty();
    assertThat(String.join("\n", v)).as(name).contains(expected);
  }

  @Test
  void validate_violation_namesItsLocation() {
    List<String> v = GeoJsonRfc7946Validator.validate(fc(
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1],[200,1]]}"));
    assertThat(v).singleElement().asString()
        .startsWith("/features/0/geometry/coordinates/2: longitude 200");
  }

  @Test
  void assertValid_invalid_throwsListingViolations() {
    assertThatThrownBy(() -> GeoJsonRfc7946Validator.assertValid(
        "{\"type\":\"Point\",\"coordinates\":[1,95]}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 RFC 7946 violation")
        .hasMessageContaining("latitude 95 outside [-90, 90]");
  }

  @Test
  void signedArea_ccwPositive_cwNegative() {
    double[][] ccw = {{0, 0}, {1, 0}, {1, 1}, {0, 0}};
    double[][] cw = {{0, 0}, {1, 1}, {1, 0}, {0, 0}};
    assertThat(GeoJsonRfc7946Validator.signedArea(ccw)).isEqualTo(0.5);
    assertThat(GeoJsonRfc7946Validator.signedArea(cw)).isEqualTo(-0.5);
  }
}
