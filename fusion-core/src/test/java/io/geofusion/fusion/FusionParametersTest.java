package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import org.junit.jupiter.api.Test;

/** The parameters record: documented defaults, validation naming the bad value, copies. */
class FusionParametersTest {

  private static final FusionParameters D = FusionParameters.defaults();

  @Test
  void defaults_areTheDocumentedValues() {
    assertThat(D.populationPrior()).isEqualTo(PopulationPrior.Constants.STANDARD);
    assertThat(D.farVantageWeight()).isEqualTo(0.03)
        .isEqualTo(FusionParameters.DEFAULT_FAR_VANTAGE_WEIGHT);
    assertThat(D.maxVantages()).isEqualTo(12);
    assertThat(D.calibratedRttModel()).isEqualTo(RttLikelihoodModel.WONDERNETWORK_2020_BESTLINE);
    assertThat(D.bestlineFloorShare()).isEqualTo(0.7);
    assertThat(D.finestCellDeg()).isEqualTo(0.3125);
    assertThat(D.maxCellsPerLevel()).isEqualTo(1024);
    assertThat(PopulationPrior.Constants.STANDARD)
        .isEqualTo(new PopulationPrior.Constants(1.0, 40.0, 300.0, 0.01));
  }

  @Test
  void with_copiesChangeOneComponentOnly() {
    FusionParameters p = D.withFarVantageWeight(0.0);
    assertThat(p.farVantageWeight()).isZero();
    assertThat(p.withFarVantageWeight(0.03)).isEqualTo(D);
    assertThat(D.withoutPopulationPrior().populationPrior()).isNull();
    assertThat(D.withoutPopulationPrior().withPopulationPrior(PopulationPrior.Constants.STANDARD))
        .isEqualTo(D);
    assertThat(D.withMaxVantages(2).maxVantages()).isEqualTo(2);
    assertThat(D.withGrid(0.1, 2048)).extracting(FusionParameters::finestCellDeg,
        FusionParameters::maxCellsPerLevel).containsExactly(0.1, 2048);
  }

  @Test
  void constructor_badValues_rejectedNamingTheValue() {
    assertThatThrownBy(() -> D.withFarVantageWeight(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("far-vantage weight must be in [0, 1], got NaN");
    assertThatThrownBy(() -> D.withMaxVantages(0))
        .hasMessage("max vantages must be >= 1, got 0");
    assertThatThrownBy(() -> D.withBestlineFloorShare(-0.1))
        .hasMessage("bestline floor share must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> D.withGrid(0.0, 1024))
        .hasMessage("finest cell must be in (0, 20] degrees, got 0.0");
    assertThatThrownBy(() -> D.withGrid(0.3125, 647))
        .hasMessage("max cells per level must be >= 648, got 647");
    assertThatThrownBy(() -> D.withCalibratedRttModel(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("calibrated RTT model");
    assertThatThrownBy(() -> D.withPopulationPrior(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("withoutPopulationPrior");
    assertThatThrownBy(() -> new PopulationPrior.Constants(1.0, 1.0, 0.0, 0.1))
        .hasMessageContaining("population kernel must be in [5, 500] km, got 1.0");
  }

  @Test
  void engine_keepsItsParameters_andEqualParametersGiveEqualResults() {
    FusionParameters p = D.withFarVantageWeight(0.0);
    FusionEngine engine = new FusionEngine(p);
    assertThat(engine.parameters()).isSameAs(p);
    assertThat(engine.rttModel()).isEqualTo(RttLikelihoodModel.WONDERNETWORK_2020);
    assertThat(PopulationPrior.of(PopulationPrior.Constants.STANDARD))
        .isSameAs(PopulationPrior.standard());
    FusionInput in = FusionInput.builder("t")
        .vantage(VantageObservation.of("fra", LatLon.of(50.11, 8.68), 4.0))
        .vantage(VantageObservation.of("ams", LatLon.of(52.37, 4.90), 6.0)).build();
    assertThat(new FusionEngine(D).fuse(in)).isEqualTo(FusionEngine.create().fuse(in));
  }
}
