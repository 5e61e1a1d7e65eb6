package io.geofusion.fusion.eval;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden scenarios under {@code src/test/resources/scenarios/fusion/} (known-bad inputs in
 * {@code failure/}): each file holds an input in the ground-truth NDJSON shape and the expected
 * properties of the result.
 */
class GoldenScenarioTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FusionEngine ENGINE = FusionEngine.create();

  static Stream<Path> scenarios() throws IOException, URISyntaxException {
    Path dir = Path.of(GoldenScenarioTest.class.getResource("/scenarios/fusion").toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(4);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void fuse_goldenScenario_matchesExpectations(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    GroundTruthTarget t = GroundTruthReader.parse(root.get("input"));
    FusionResult result = ENGINE.fuse(new FusionInput(t.target(), t.vantages(), t.geoIp(),
        List.of(), null));
    JsonNode e = root.get("expect");
    String why = file.getFileName() + " -> " + result;
    boolean abstain = e.has("abstained") && e.get("abstained").asBoolean();
    assertThat(result instanceof FusionResult.Abstained).as(why).isEqualTo(abstain);
    if (abstain) {
      return;
    }
    FusionResult.Located r = located(result);
    assertThat(r.circle50().radiusKm()).as(why).isLessThanOrEqualTo(r.circle90().radiusKm());
    if (e.has("near")) {
      assertThat(Geodesy.distanceKm(r.estimate(), latLon(e.get("near")))).as(why)
          .isLessThanOrEqualTo(e.get("near").get("within_km").asDouble());
    }
    if (e.has("near_any")) {
      double best = Double.POSITIVE_INFINITY;
      double limit = 0.0;
      for (JsonNode n : e.get("near_any")) {
        best = Math.min(best, Geodesy.distanceKm(r.estimate(), latLon(n)));
        limit = n.get("within_km").asDouble();
      }
      assertThat(best).as(why).isLessThanOrEqualTo(limit);
    }
    if (e.has("circle90_contains")) {
      assertThat(Geodesy.distanceKm(r.estimate(), latLon(e.get("circle90_contains")))).as(why)
          .isLessThanOrEqualTo(r.circle90().radiusKm());
    }
    if (e.has("circle90_max_km")) {
      assertThat(r.circle90().radiusKm()).as(why)
          .isLessThanOrEqualTo(e.get("circle90_max_km").asDouble());
    }
    if (e.has("alerts")) {
      List<String> want = new ArrayList<>();
      e.get("alerts").forEach(a -> want.add(a.asText()));
      List<String> got = new ArrayList<>();
      r.alerts().forEach(a -> got.add(a.type().jsonName()));
      assertThat(got).as(why).containsExactlyInAnyOrderElementsOf(want);
    }
    if (e.has("interpretation")) {
      assertThat(r.alerts()).as(why).anyMatch(a -> a.interpretation().jsonName()
          .equals(e.get("interpretation").asText()));
    }
    if (e.has("host_class")) {
      assertThat(r.hostClass().label().jsonName()).as(why)
          .isEqualTo(e.get("host_class").asText());
    }
    if (e.has("min_evidence")) {
      e.get("min_evidence").properties().forEach(f -> assertThat(r.evidence()
          .get(f.getKey())).as(why + " evidence " + f.getKey())
          .isGreaterThanOrEqualTo(f.getValue().asDouble()));
    }
    if (e.has("max_evidence")) {
      e.get("max_evidence").properties().forEach(f -> assertThat(r.evidence()
          .get(f.getKey())).as(why + " evidence " + f.getKey())
          .isLessThanOrEqualTo(f.getValue().asDouble()));
    }
    // Every result serialises to the docs/architecture.md §6 shape.
    JsonNode j = FusionJson.toJson(r);
    assertThat(j.get("node").asText()).isEqualTo("host:" + t.target());
    assertThat(j.get("location_distribution").get("type").asText())
        .isEqualTo("gaussian_mixture");
    assertThat(j.get("location_distribution").has("uncertainty_km")).isTrue();
    assertThat(j.get("evidence").isObject()).isTrue();
  }

  private static LatLon latLon(JsonNode n) {
    return LatLon.of(n.get("lat").asDouble(), n.get("lon").asDouble());
  }
}
