package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import org.junit.jupiter.api.Test;

class FusionJsonTest {

  @Test
  void toJson_abstained_writesTheDocumentedPlaceholderFreeForm() {
    FusionResult r = FusionEngine.create().fuse(FusionInput.builder("198.51.100.1").build());
    assertThat(r).isInstanceOf(FusionResult.Abstained.class);
    // Byte for byte what the single-record FusionResult wrote (docs/decisions/abstention.md).
    assertThat(FusionJson.toJson(r).toString()).isEqualTo("{\"node\":\"host:198.51.100.1\","
        + "\"estimate\":null,\"location_distribution\":{\"type\":\"gaussian_mixture\","
        + "\"centroids\":[],\"uncertainty_km\":20003.9},\"confidence_circles\":["
        + "{\"probability\":0.5,\"radius_km\":20003.9},{\"probability\":0.9,\"radius_km\":20003.9}"
        + "],\"evidence\":{\"semantic\":0.0},\"alerts\":[],\"host_class\":{\"label\":\"unknown\","
        + "\"confidence\":0.0,\"reason\":\"no classifying evidence\"},\"abstained\":true,"
        + "\"diagnostics\":{\"vantages_used\":0,\"cells_evaluated\":0,\"grid_levels\":0,"
        + "\"finest_cell_deg\":0.0,\"geoip_weight\":0.0}}");
  }

  @Test
  void nodeUpdateFromJson_unknownAlertType_namesTheField() {
    String doc = "{\"node\":\"host:198.51.100.7\",\"location_distribution\":{\"centroids\":"
        + "[{\"lat\":1,\"lon\":2,\"weight\":1}],\"uncertainty_km\":10},\"alerts\":[{\"type\":"
        + "\"teleport\",\"interpretation\":\"vpn_or_proxy\",\"severity\":0.5,\"detail\":\"\"}]}";
    assertThatThrownBy(() -> GraphJson.nodeUpdateFromJson(GraphJson.parseTree(doc)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alert type 'teleport' is not one of location_inconsistency");
  }
}
