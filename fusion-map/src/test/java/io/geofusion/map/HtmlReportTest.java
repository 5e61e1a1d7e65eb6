package io.geofusion.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import io.geofusion.json.GeoJsonCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML without a browser: self-contained, and no document text can break out. */
class HtmlReportTest {

  private static final String HOSTILE = "</script><script>alert(1)</script><!--";

  private static GeoJsonCollection features(Map<String, ?> tag) {
    FusionEngine engine = FusionEngine.create();
    List<VantageObservation> vs = List.of(
        new VantageObservation("fra", LatLon.of(50.11, 8.68), 3.0, 0.0),
        new VantageObservation("ams", LatLon.of(52.37, 4.90), 7.0, 0.0));
    FusionResult r = engine.fuse(FusionInput.builder("192.0.2.1").vantages(vs).build());
    return new GeoJsonCollection().addFusion(r, vs, engine.rttModel(), tag);
  }

  @Test
  void toHtml_loadsNothingFromOutside() {
    String html = HtmlReport.toHtml("t", features(Map.of()), List.of());
    assertThat(Pattern.compile("<(script|img|iframe)[^>]*\\ssrc=").matcher(html).find())
        .as("an element that loads a file").isFalse();
    assertThat(Pattern.compile("<link[^>]*href=\"(?!data:)").matcher(html).find())
        .as("a linked stylesheet or icon").isFalse();
    assertThat(html).contains("Leaflet 1.9.4", "topojson-client v3.1.0", "GeoFusionMap",
        "\"countries\"", "\"kind\":\"vantage_disk\"");
  }

  @Test
  void toHtml_documentTextCannotCloseItsElement() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode().put("node", "host:" + HOSTILE);
    String html = HtmlReport.toHtml(HOSTILE, features(Map.of("target", HOSTILE)), List.of(doc));
    assertThat(html).doesNotContain(HOSTILE);
    // every script element is one of the report's own: 2 data blocks, 3 inlined files, 1 start
    assertThat(html.split("<script", -1)).hasSize(7);
    assertThat(html.split("</script>", -1)).hasSize(7);
  }

  @Test
  void write_replacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("map.html");
    Files.writeString(file, "old");
    HtmlReport.write(file, "t", features(Map.of()), List.of(FusionJson.toJson(
        FusionEngine.create().fuse(FusionInput.builder("192.0.2.2").build()))));
    assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void write_intoAMissingFolder_failsNamingNothingHalfWritten(@TempDir Path dir) {
    Path file = dir.resolve("no-such-dir").resolve("map.html");
    assertThatThrownBy(() -> HtmlReport.write(file, "t", features(Map.of()), List.of()))
        .isInstanceOf(IOException.class);
    assertThat(Files.exists(file.getParent())).isFalse();
  }
}
