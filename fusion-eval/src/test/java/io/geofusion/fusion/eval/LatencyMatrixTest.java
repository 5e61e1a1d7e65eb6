package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyMatrixTest {

  /** Hand-made: rows are sources, columns destinations; c→a unmeasured, rows out of order. */
  private static final String MATRIX = String.join("\n",
      ",a,b,c",
      "a,0.3,10.0,20.0",
      "c,,12.5,0.2",
      "b,9.0,0.1,-1",
      "");

  private static final Map<String, LatLon> SITES = Map.of(
      "a", LatLon.of(50.11, 8.68), "b", LatLon.of(51.51, -0.13), "c", LatLon.of(48.86, 2.35));

  @TempDir Path dir;

  @Test
  void rttMs_twoDirections_takesTheSmallerAndSkipsUnmeasured() {
    LatencyMatrix m = LatencyMatrix.parse(MATRIX.lines().toList(), "m.csv", SITES);
    assertThat(m.siteIds()).containsExactly("a", "b", "c");
    assertThat(m.rttMs("a", "b")).isEqualTo(9.0);
    assertThat(m.rttMs("b", "a")).isEqualTo(9.0);
    assertThat(m.rttMs("a", "c")).isEqualTo(20.0);
    assertThat(m.rttMs("b", "c")).isEqualTo(12.5);
    assertThat(m.rttMs("a", "a")).isNaN();
  }

  @Test
  void leaveOneOut_eachSiteHidden_locatedFromTheOthers() {
    List<GroundTruthTarget> ts = LatencyMatrix.parse(MATRIX.lines().toList(), "m.csv", SITES)
        .leaveOneOut("aws-");
    assertThat(ts).extracting(GroundTruthTarget::target)
        .containsExactly("aws-a", "aws-b", "aws-c");
    GroundTruthTarget b = ts.get(1);
    assertThat(b.truth()).isEqualTo(SITES.get("b"));
    assertThat(b.geoIp()).isNull();
    assertThat(b.vantages()).extracting(VantageObservation::id).containsExactly("aws-a", "aws-c");
    assertThat(b.vantages()).extracting(VantageObservation::minRttMs).containsExactly(9.0, 12.5);
    assertThat(b.vantages().get(1).location()).isEqualTo(SITES.get("c"));
    for (GroundTruthTarget t : ts) {
      assertThat(t.vantages()).extracting(VantageObservation::id).doesNotContain(t.target());
    }
  }

  @Test
  void load_filesOnDisk_roundTripsThroughSitesCsv() throws Exception {
    Path m = dir.resolve("m.csv");
    Path s = dir.resolve("s.csv");
    Files.writeString(m, MATRIX);
    Files.writeString(s, "id,lat,lon,place\n# comment\na,50.11,8.68,\"Frankfurt\"\n"
        + "b,51.51,-0.13,London\nc,48.86,2.35\nz,0,0,unused\n");
    LatencyMatrix lm = LatencyMatrix.load(m, s);
    assertThat(lm.position("c")).isEqualTo(LatLon.of(48.86, 2.35));
    assertThat(lm.leaveOneOut("")).hasSize(3);
  }

  @Test
  void parse_siteWithoutPosition_namesSiteAndFix() {
    Map<String, LatLon> two = Map.of("a", SITES.get("a"), "b", SITES.get("b"));
    assertThatThrownBy(() -> LatencyMatrix.parse(MATRIX.lines().toList(), "m.csv", two))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site 'c' has no position").hasMessageContaining("c,LAT,LON");
  }

  @Test
  void parse_notSquare_saysSo() {
    List<String> lines = List.of(",a,b,c", "a,0,1,2", "b,1,0,2");
    assertThatThrownBy(() -> LatencyMatrix.parse(lines, "m.csv", SITES))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
  }

  @Test
  void parse_badCell_namesLineAndColumn() {
    List<String> lines = List.of(",a,b", "a,0,x1", "b,1,0");
    assertThatThrownBy(() -> LatencyMatrix.parse(lines, "m.csv", SITES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m.csv line 2, column 3").hasMessageContaining("'x1'");
  }

  @Test
  void parse_unknownOrRepeatedRow_isRejected() {
    assertThatThrownBy(() -> LatencyMatrix.parse(List.of(",a,b", "a,0,1", "q,1,0"), "m.csv",
        SITES)).hasMessageContaining("row site 'q' is not in the header");
    assertThatThrownBy(() -> LatencyMatrix.parse(List.of(",a,b", "a,0,1", "a,1,0"), "m.csv",
        SITES)).hasMessageContaining("site 'a' has two rows");
  }

  @Test
  void parseSites_badLatitude_namesLine() {
    assertThatThrownBy(() -> LatencyMatrix.parseSites(
        new ByteArrayInputStream("a,1,2\nb,95,0\n".getBytes(StandardCharsets.UTF_8)), "s.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s.csv line 2");
  }

  /**
   * A Windows-1252 sites or matrix file is refused naming its line (it used to read as U+FFFD
   * and fail later on a site name nobody typed).
   */
  @Test
  void load_notUtf8_namesFileAndLine() throws Exception {
    Path m = dir.resolve("m.csv");
    Path s = dir.resolve("s.csv");
    Files.writeString(m, MATRIX);
    Files.write(s, "a,50.11,8.68\nb,51.51,-0.13,London\nc,48.86,2.35,Orl\u00e9ans\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> LatencyMatrix.load(m, s))
        .hasMessageStartingWith(s + ":3: not UTF-8 text");
    Files.writeString(s, "a,50.11,8.68\nb,51.51,-0.13\nc,48.86,2.35\n");
    Files.write(m, (MATRIX + "# \u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> LatencyMatrix.load(m, s))
        .hasMessageStartingWith(m + ":" + (MATRIX.lines().count() + 1) + ": not UTF-8 text");
  }

  @Test
  void awsRegionSites_bundled_placesRegionsAtTheirNamedCities() {
    Map<String, LatLon> aws = LatencyMatrix.awsRegionSites();
    assertThat(aws).containsKeys("us-east-1", "eu-central-1", "ap-southeast-2", "sa-east-1");
    // Frankfurt–Sydney great-circle distance is about 16,500 km.
    assertThat(Geodesy.distanceKm(aws.get("eu-central-1"), aws.get("ap-southeast-2")))
        .isBetween(16_000.0, 17_000.0);
    assertThat(aws.get("ap-southeast-2").lat()).isNegative();
    assertThat(aws.get("us-west-2").lon()).isLessThan(aws.get("us-east-1").lon());
  }
}
