package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.rtt.Bestline;
import io.geofusion.testing.MiniSchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EvalJson} and {@link Experiment}: what {@code geofusion eval} writes. */
class EvalJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniSchemaValidator SCHEMAS =
      new MiniSchemaValidator(Path.of("..", "docs", "schemas"));

  static GroundTruthTarget amsterdam() {
    return new GroundTruthTarget("amsterdam", LatLon.of(52.37, 4.90), List.of(
        new VantageObservation("fra", LatLon.of(50.11, 8.68), 8.7, 0.5),
        VantageObservation.of("lon", LatLon.of(51.51, -0.13), 9.7)
            .withBestline(new Bestline(0.0125, 1.5)),
        VantageObservation.of("par", LatLon.of(48.86, 2.35), 7.9)),
        GeoIpEvidence.of(LatLon.of(52.0, 5.0), 50));
  }

  @Test
  void writeTargets_readBackByGroundTruthReader(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.ndjson");

    EvalJson.writeTargets(f, List.of(amsterdam()));

    assertThat(Files.readString(f)).endsWith("}\n").doesNotContain("\n{");
    GroundTruthTarget back = GroundTruthReader.read(f).get(0);
    assertThat(back).isEqualTo(amsterdam());
  }

  @Test
  void scoreLineAndReport_conformToTheirSchemas() throws Exception {
    GroundTruthTarget t = amsterdam();
    EvalReport report = new Evaluator(FusionEngine.create()).evaluate(List.of(t));

    ObjectNode line = (ObjectNode) JSON.readTree(EvalJson.scoreLine(report.scores().get(0)));
    ObjectNode doc = EvalJson.report(report, Optional.of(new Experiments.AnycastOutcome(1, 0,
        1, 0)));

    assertThat(SCHEMAS.validate(line, "eval-target.schema.json")).isEmpty();
    assertThat(line.get("target").asText()).isEqualTo("amsterdam");
    assertThat(SCHEMAS.validate(doc, "eval-report.schema.json")).isEmpty();
    assertThat(doc.at("/anycast_experiment/both_sites_visible").asInt()).isEqualTo(1);
    assertThat(EvalJson.report(report, Optional.empty()).has("anycast_experiment")).isFalse();
  }

  @Test
  void experiment_byLabelIgnoringCase_andUnknownIsEmpty() {
    assertThat(Experiment.byLabel("True-GeoIP")).contains(Experiment.TRUE_GEOIP);
    assertThat(Experiment.byLabel("plain")).contains(Experiment.PLAIN);
    assertThat(Experiment.byLabel("bogus")).isEmpty();
  }

  @Test
  void apply_anycast_targetsAreTheCasesInOrder() {
    List<GroundTruthTarget> ts = WonderNetworkLike.targets();

    Experiment.Applied a = Experiment.ANYCAST.apply(ts, 50, 5, 42L);
    Experiment.Applied plain = Experiment.PLAIN.apply(ts, 50, 5, 42L);

    List<Experiments.AnycastCase> cases = a.anycast().orElseThrow();
    assertThat(a.targets()).containsExactlyElementsOf(
        cases.stream().map(Experiments.AnycastCase::target).toList());
    assertThat(plain.anycast()).isEmpty();
    assertThat(plain.targets()).isEqualTo(ts);
  }

  /** Sites far apart, each measured from every other with RTTs of the 2/3 c bound. */
  static final class WonderNetworkLike {
    static List<GroundTruthTarget> targets() {
      List<LatLon> sites = List.of(LatLon.of(52.37, 4.90), LatLon.of(40.71, -74.01),
          LatLon.of(-33.87, 151.21), LatLon.of(1.35, 103.82), LatLon.of(-23.55, -46.63),
          LatLon.of(34.05, -118.24));
      ArrayList<GroundTruthTarget> out = new ArrayList<>();
      for (int i = 0; i < sites.size(); i++) {
        ArrayList<VantageObservation> vs = new ArrayList<>();
        for (int j = 0; j < sites.size(); j++) {
          if (i != j) {
            double km = Geodesy.distanceKm(sites.get(i), sites.get(j));
            vs.add(VantageObservation.of("s" + j, sites.get(j), km / 100.0 + 2.0));
          }
        }
        out.add(new GroundTruthTarget("s" + i, sites.get(i), vs, null));
      }
      return out;
    }
  }
}
