package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionAlertTest {

  @Test
  void jsonName_everyTypeAndInterpretation_readsBack() {
    assertThat(FusionAlert.Type.LOCATION_INCONSISTENCY.jsonName())
        .isEqualTo("location_inconsistency");
    assertThat(FusionAlert.Type.ANYCAST.jsonName()).isEqualTo("anycast");
    assertThat(FusionAlert.Interpretation.VPN_OR_PROXY.jsonName()).isEqualTo("vpn_or_proxy");
    assertThat(FusionAlert.Interpretation.ANYCAST_OR_MULTIPLE_SITES.jsonName())
        .isEqualTo("anycast_or_multiple_sites");
    for (FusionAlert.Type t : FusionAlert.Type.values()) {
      assertThat(FusionAlert.Type.fromJsonName(t.jsonName())).isEqualTo(t);
    }
    for (FusionAlert.Interpretation i : FusionAlert.Interpretation.values()) {
      assertThat(FusionAlert.Interpretation.fromJsonName(i.jsonName())).isEqualTo(i);
    }
  }

  @Test
  void fromJsonName_unknownName_namesTheAcceptedValues() {
    assertThatThrownBy(() -> FusionAlert.Type.fromJsonName("ANYCAST"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alert type 'ANYCAST' is not one of location_inconsistency, anycast");
    assertThatThrownBy(() -> FusionAlert.Interpretation.fromJsonName("stale_geoip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vpn_or_proxy");
  }

  @Test
  void hasAlert_type_matchesOnlyRaisedTypes() {
    FusionResult r = new FusionResult.Abstained("t", Map.of(), List.of(
        new FusionAlert(FusionAlert.Type.ANYCAST,
            FusionAlert.Interpretation.ANYCAST_OR_MULTIPLE_SITES, 0.5, "")),
        HostClassification.UNKNOWN);
    assertThat(r.hasAlert(FusionAlert.Type.ANYCAST)).isTrue();
    assertThat(r.hasAlert(FusionAlert.Type.LOCATION_INCONSISTENCY)).isFalse();
  }
}
