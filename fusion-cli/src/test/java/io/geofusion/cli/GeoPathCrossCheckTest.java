package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 7946 validator run over the other GeoJSON the CLI writes ({@code analyze --geojson},
 * i.e. {@code FusionJson.toGeoJson}), as issue 5 asks of every GeoJSON output.
 */
class GeoPathCrossCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path geojson;

  @BeforeEach
  void analyzeDemo() throws IOException {
    DemoData.write(dir, 20261126L);
    geojson = dir.resolve("analyze.geojson");
    CliRun r = CliRun.of("analyze", "--input", dir.resolve("pings.jsonl").toString(),
        "--vantages", dir.resolve("vantages.csv").toString(), "--geoip-city",
        dir.resolve("geoip-demo.mmdb").toString(), "--geojson", geojson.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void analyzeGeojson_estimatesCirclesAndEllipses_areValidRfc7946() throws IOException {
    String text = Files.readString(geojson);
    JsonNode fc = JSON.readTree(text);
    List<String> violations = GeoPathGeoJsonCheck.violations(text);
    for (String v : violations) {
      int feature = Integer.parseInt(v.split("/")[2]);
      assertThat(fc.at("/features/" + feature + "/properties/kind").asText())
          .as("only the vantage disks are known to violate RFC 7946; got: %s", v)
          .isEqualTo("vantage_disk");
    }
  }

  @Test
  void analyzeGeojson_everyFeature_isValidRfc7946() throws IOException {
    assertThat(GeoPathGeoJsonCheck.violations(Files.readString(geojson))).isEmpty();
  }
}
