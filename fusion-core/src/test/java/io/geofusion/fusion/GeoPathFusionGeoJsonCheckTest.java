package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.geo.GeoJsonRfc7946Validator;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 7946 validator run over {@link FusionJson#toGeoJson} near the antimeridian (Fiji,
 * Samoa, Auckland), where its circles must be cut at ±180° (§3.1.9).
 */
class GeoPathFusionGeoJsonCheckTest {

  @Test
  void toGeoJson_nearTheAntimeridian_isValidRfc7946() {
    FusionEngine engine = FusionEngine.create();
    List<VantageObservation> vs = List.of(
        new VantageObservation("suva", LatLon.of(-18.14, 178.44), 6.0, 0.5),
        new VantageObservation("auckland", LatLon.of(-36.85, 174.76), 30.0, 0.5),
        new VantageObservation("apia", LatLon.of(-13.83, -171.76), 14.0, 0.5));
    FusionResult r = engine.fuse(FusionInput.builder("198.51.100.7").vantages(vs).build());
    assertThat(GeoJsonRfc7946Validator.validate(
        FusionJson.toGeoJson(r, vs, engine.rttModel()))).isEmpty();
  }
}
