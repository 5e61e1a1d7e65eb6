package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.GeoJsonRfc7946Validator;
import io.geofusion.geo.LatLon;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeoJsonCollectionTest {

  private static final ObjectMapper M = new ObjectMapper();
  private static final FusionEngine ENGINE = FusionEngine.create();

  private static List<VantageObservation> vantages() {
    return List.of(new VantageObservation("dallas", LatLon.of(32.78, -96.80), 4.0, 0.5),
        new VantageObservation("denver", LatLon.of(39.74, -104.99), 19.0, 0.5));
  }

  @Test
  void addFusion_twoTargets_tagsEveryFeatureAfterItsOwnProperties() throws Exception {
    FusionResult a = ENGINE.fuse(FusionInput.builder("198.51.100.7").vantages(vantages()).build());
    FusionResult b = ENGINE.fuse(FusionInput.builder("198.51.100.8").build()); // abstains
    Map<String, Object> tag = new LinkedHashMap<>();
    tag.put("target", "198.51.100.7");
    tag.put("rank", 1);
    GeoJsonCollection c = new GeoJsonCollection()
        .addFusion(a, vantages(), ENGINE.rttModel(), tag)
        .addFusion(b, List.of(), ENGINE.rttModel(), Map.of("target", "198.51.100.8"));
    JsonNode fc = M.readTree(c.toJson());
    GeoJsonRfc7946Validator.assertValid(fc);
    int own = FusionJson.geoJsonFeatures(a, vantages(), ENGINE.rttModel()).size();
    assertThat(c.size()).isEqualTo(own + 1).isEqualTo(fc.get("features").size());
    for (JsonNode f : fc.get("features")) {
      List<String> keys = new ArrayList<>();
      f.get("properties").fieldNames().forEachRemaining(keys::add);
      assertThat(keys.get(0)).isEqualTo("kind");
      assertThat(keys).contains("target");
    }
    JsonNode first = fc.get("features").get(0).get("properties");
    List<String> keys = new ArrayList<>();
    first.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).endsWith("target", "rank");
    assertThat(first.get("rank").asInt()).isEqualTo(1);
    JsonNode last = fc.get("features").get(own).get("properties");
    assertThat(last.get("abstained").asBoolean()).isTrue();
    assertThat(last.get("target").asText()).isEqualTo("198.51.100.8");
  }

  @Test
  void toJson_isTheCollectionTheCommandsBuiltByHand() throws Exception {
    // What analyze --geojson wrote before this class: each result's FeatureCollection, every
    // feature tagged with "target", gathered into one collection.
    FusionResult a = ENGINE.fuse(FusionInput.builder("198.51.100.7").vantages(vantages()).build());
    ObjectNode byHand = M.createObjectNode();
    byHand.put("type", "FeatureCollection");
    var features = byHand.putArray("features");
    FusionJson.toGeoJson(a, vantages(), ENGINE.rttModel()).withArray("features").forEach(f -> {
      ((ObjectNode) f.get("properties")).put("target", "198.51.100.7");
      features.add(f);
    });
    String text = new GeoJsonCollection()
        .addFusion(a, vantages(), ENGINE.rttModel(), Map.of("target", "198.51.100.7")).toJson();
    assertThat(text).isEqualTo(M.writeValueAsString(byHand));
  }

  @Test
  void write_streamsTheSameTextAsFeatureCollection() throws Exception {
    FusionResult a = ENGINE.fuse(FusionInput.builder("198.51.100.7").vantages(vantages()).build());
    List<ObjectNode> fs = FusionJson.geoJsonFeatures(a, vantages(), ENGINE.rttModel());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GeoJson.write(out, fs);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(GeoJson.toJson(GeoJson.featureCollection(fs)));
  }
}
