package io.geofusion.fusion.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.rtt.Bestline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The optional per-vantage {@code "bestline"} of the ground-truth NDJSON format. */
class GroundTruthBestlineTest {

  @TempDir Path dir;

  private List<GroundTruthTarget> read(String vantageExtra) throws Exception {
    Path f = dir.resolve("t.ndjson");
    Files.writeString(f, "{\"target\":\"wn-1\",\"truth\":{\"lat\":1,\"lon\":2},\"vantages\":["
        + "{\"id\":\"a\",\"lat\":3,\"lon\":4,\"min_rtt_ms\":12.5" + vantageExtra + "},"
        + "{\"id\":\"b\",\"lat\":5,\"lon\":6,\"min_rtt_ms\":20}]}\n");
    return GroundTruthReader.read(f);
  }

  @Test
  void read_bestline_attachedToItsVantageOnly() throws Exception {
    List<GroundTruthTarget> ts =
        read(",\"bestline\":{\"slope_ms_per_km\":0.0125,\"intercept_ms\":1.5}");
    assertThat(ts.get(0).vantages().get(0).bestline()).isEqualTo(new Bestline(0.0125, 1.5));
    assertThat(ts.get(0).vantages().get(1).bestline()).isNull();
  }

  @Test
  void read_nullBestline_uncalibrated() throws Exception {
    assertThat(read(",\"bestline\":null").get(0).vantages().get(0).calibration()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'\"bestline\":[1,2]'|vantage a bestline must be an object",
      "'\"bestline\":{\"slope_ms_per_km\":0.01}'|needs numeric 'slope_ms_per_km' and 'intercept_ms'",
      "'\"bestline\":{\"slope_ms_per_km\":\"fast\",\"intercept_ms\":1}'"
          + "|vantage a bestline slope_ms_per_km must be a number, got \"fast\"",
      "'\"bestline\":{\"slope_ms_per_km\":-0.01,\"intercept_ms\":1}'"
          + "|vantage a: bestline slope must be finite and > 0 ms/km, got -0.01",
      "'\"bestline\":{\"slope_ms_per_km\":0.01,\"intercept_ms\":-2}'"
          + "|vantage a: bestline intercept must be finite and >= 0 ms, got -2.0"})
  void read_badBestline_oneLineErrorNamingLineAndField(String json, String expected) {
    assertThatThrownBy(() -> read("," + json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1: ")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
