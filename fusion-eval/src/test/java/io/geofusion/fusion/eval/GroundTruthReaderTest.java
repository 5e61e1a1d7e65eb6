package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthReaderTest {

  @TempDir Path dir;

  @Test
  void read_issueExample_parsesBothRttForms() throws Exception {
    Path f = dir.resolve("t.ndjson");
    Files.writeString(f, "{\"target\":\"wn-1\",\"truth\":{\"lat\":-37.78,\"lon\":144.97},"
        + "\"vantages\":[{\"id\":\"wn-125\",\"lat\":-23.55,\"lon\":-46.63,\"min_rtt_ms\":288.45},"
        + "{\"id\":\"x\",\"lat\":50.12,\"lon\":8.59,\"rtt_ms\":[4.27,null,4.02]}],"
        + "\"geoip\":{\"lat\":-37.8,\"lon\":145.0,\"accuracy_radius_km\":20},\"extra\":1}\n\n");
    List<GroundTruthTarget> ts = GroundTruthReader.read(f);
    assertThat(ts).hasSize(1);
    GroundTruthTarget t = ts.get(0);
    assertThat(t.truth()).isEqualTo(LatLon.of(-37.78, 144.97));
    assertThat(t.vantages()).extracting(VantageObservation::minRttMs)
        .containsExactly(288.45, 4.02);
    assertThat(t.geoIp().accuracyRadiusKm()).isEqualTo(20.0);
  }

  @Test
  void read_malformedLine_namesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.ndjson");
    Files.writeString(f, "{\"target\":\"a\",\"vantages\":[]}\n{\"target\":\"b\",\"vantages\":"
        + "[{\"id\":\"v\",\"lat\":95,\"lon\":0,\"min_rtt_ms\":3}]}\n");
    assertThatThrownBy(() -> GroundTruthReader.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2").hasMessageContaining("latitude");
  }

  @Test
  void read_twoObjectsOnOneLine_failsInsteadOfDroppingTheSecond() throws Exception {
    Path f = dir.resolve("two.ndjson");
    Files.writeString(f, "{\"target\":\"a\",\"vantages\":[]}{\"target\":\"b\",\"vantages\":[]}\n");
    assertThatThrownBy(() -> GroundTruthReader.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1").hasMessageContaining("text after the JSON value")
        .hasMessageContaining("column 29");
  }

  @Test
  void read_jsonSyntaxError_saysWhereWithoutJacksonHints() throws Exception {
    Path f = dir.resolve("nan.ndjson");
    Files.writeString(f, "{\"target\":\"a\",\"vantages\":[]}\n"
        + "{\"target\":\"b\",\"vantages\":[{\"id\":\"v\",\"lat\":1,\"lon\":2,"
        + "\"min_rtt_ms\":NaN}]}\n{\"target\":\"c\",\"vantages\":[\n");
    assertThatThrownBy(() -> GroundTruthReader.read(f))
        .hasMessageContaining("line 2: not valid JSON: Non-standard token 'NaN' (at column")
        .hasMessageNotContaining("enable").hasMessageNotContaining("JsonReadFeature");
    Files.writeString(f, "{\"target\":\"c\",\"vantages\":[\n");
    assertThatThrownBy(() -> GroundTruthReader.read(f))
        .hasMessageContaining("line 1: not valid JSON: Unexpected end-of-input")
        .hasMessageNotContaining("REDACTED");
  }

  @Test
  void read_notUtf8_saysSoAndHowToConvert() throws Exception {
    Path f = dir.resolve("latin1.ndjson");
    Files.write(f, ("{\"target\":\"a\",\"vantages\":[]}\n".repeat(3000)
        + "{\"target\":\"Montr\u00e9al\",\"vantages\":[]}\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> GroundTruthReader.read(f))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("latin1.ndjson:3001: not UTF-8 text").hasMessageContaining("iconv");
  }

  @Test
  void wonderNetwork_notUtf8_namesFileAndLine() throws Exception {
    Path wn = Files.createDirectories(dir.resolve("wn"));
    Path servers = wn.resolve("servers-2020-07-19.csv");
    Files.write(servers, ("id,name,title,location,state,country,state_abbv,continent,latitude,"
        + "longitude\n1,a,A,x,,CA,,NA,45.5,-73.6\n2,Montr\u00e9al,M,x,,CA,,NA,45.5,-73.6\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.writeString(wn.resolve("pings-2020-07-19-2020-07-20-grouped.csv"),
        "source,destination,min,avg,max,mdev\n1,2,1.0,1.0,1.0,0\n");
    assertThatThrownBy(() -> WonderNetwork.load(wn))
        .hasMessageStartingWith(servers + ":3: not UTF-8 text");
  }

  @Test
  void cbg_threeDisks_centroidInsideIntersection() {
    LatLon truth = LatLon.of(48.85, 2.35);
    List<VantageObservation> vs = List.of(
        VantageObservation.of("lon", LatLon.of(51.51, -0.13), 6.0),
        VantageObservation.of("ams", LatLon.of(52.37, 4.90), 7.0),
        VantageObservation.of("lyo", LatLon.of(45.76, 4.84), 6.0));
    LatLon c = Baselines.cbg(vs).orElseThrow();
    for (VantageObservation v : vs) {
      assertThat(Geodesy.distanceKm(c, v.location())).isLessThanOrEqualTo(v.minRttMs() * 99.93);
    }
    assertThat(Geodesy.distanceKm(c, truth)).isLessThan(250.0);
    assertThat(Baselines.shortestPing(vs).orElseThrow()).isEqualTo(LatLon.of(51.51, -0.13));
  }

  @Test
  void cbg_disjointDisks_fallsBackToSmallestDisk() {
    List<VantageObservation> vs = List.of(
        VantageObservation.of("a", LatLon.of(0.0, 0.0), 1.0),
        VantageObservation.of("b", LatLon.of(0.0, 90.0), 2.0));
    assertThat(Baselines.cbg(vs)).contains(LatLon.of(0.0, 0.0));
    assertThat(Baselines.cbg(List.of())).isEmpty();
  }

  @Test
  void split_evenOdd_partitionsByTrailingNumber() {
    List<GroundTruthTarget> ts = List.of(
        new GroundTruthTarget("wn-1", null, List.of(), null),
        new GroundTruthTarget("wn-2", null, List.of(), null),
        new GroundTruthTarget("name", null, List.of(), null));
    assertThat(Evaluator.split(ts, "even")).extracting(GroundTruthTarget::target)
        .containsExactly("wn-2");
    assertThat(Evaluator.split(ts, "odd")).extracting(GroundTruthTarget::target)
        .containsExactly("wn-1");
    assertThat(Evaluator.split(ts, "all")).hasSize(3);
    assertThatThrownBy(() -> Evaluator.split(ts, "half")).hasMessageContaining("even or odd");
  }
}
