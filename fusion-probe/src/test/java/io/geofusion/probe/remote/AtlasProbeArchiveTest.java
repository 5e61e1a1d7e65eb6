package io.geofusion.probe.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.locate.VantageSelector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtlasProbeArchiveTest {

  private static final Path DATA = Path.of(System.getProperty("geofusion.shared.data",
      "../../shared/data"));

  private static AtlasProbeArchive.Archive read(String text) throws IOException {
    return AtlasProbeArchive.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "probes");
  }

  @Test
  void realSnapshot_2023_readsEveryProbe_andPlansARun() throws IOException {
    Path f = DATA.resolve("ripe-atlas-probes/probes-2023.csv");
    assumeTrue(Files.isRegularFile(f), "shared data absent: " + f + " (skipping)");
    AtlasProbeArchive.Archive a = AtlasProbeArchive.read(f);
    assertThat(a.probes().size() + a.withoutPosition()).isEqualTo(10_009);
    LatLon frankfurt = LatLon.of(50.11, 8.68);
    AtlasRun.Plan plan = AtlasRun.plan("192.0.2.7", frankfurt, 20, a.probes(), 20, 3, 48);
    assertThat(plan.probes()).hasSize(20);
    assertThat(plan.ping().credits()).isEqualTo(120);
    List<VantageSelector.Choice> near = plan.probes().subList(0, 10);
    assertThat(near).allMatch(c -> c.reason() == VantageSelector.Reason.NEAR
        && c.distanceKm() < 100);
    assertThat(plan.probes().subList(10, 20)).allMatch(c ->
        Geodesy.distanceKm(c.vantage().at(), frankfurt) > 1000);
  }

  @Test
  void jsonShapes_archiveDumpApiPageAndArray() throws IOException {
    AtlasProbeArchive.Archive dump = read("{\"objects\":[{\"id\":1,\"latitude\":52.3,"
        + "\"longitude\":4.9,\"asn_v4\":3333,\"country_code\":\"nl\",\"status\":1,"
        + "\"status_name\":\"Connected\"},{\"id\":2,\"latitude\":null,\"longitude\":null,"
        + "\"status\":2}]}");
    assertThat(dump.probes()).containsExactly(new VantageCandidate("1", LatLon.of(52.3, 4.9),
        3333L, "NL", VantageCandidate.Status.CONNECTED));
    assertThat(dump.withoutPosition()).isEqualTo(1);
    AtlasProbeArchive.Archive page = read("{\"results\":[{\"id\":3,\"geometry\":{\"type\":"
        + "\"Point\",\"coordinates\":[4.9,52.3]},\"status\":{\"id\":2,\"name\":"
        + "\"Disconnected\"}}]}");
    assertThat(page.probes().get(0).status()).isEqualTo(VantageCandidate.Status.UNAVAILABLE);
    assertThat(read("[{\"id\":4,\"latitude\":1,\"longitude\":2}]").probes().get(0).status())
        .isEqualTo(VantageCandidate.Status.UNKNOWN);
  }

  @Test
  void gzip_isUnpackedByItsMagic() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write("id,latitude,longitude\n5,1,2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(AtlasProbeArchive.read(new ByteArrayInputStream(b.toByteArray()), "z").probes())
        .extracting(VantageCandidate::id).containsExactly("5");
  }

  @Test
  void badInput_failsWithFileAndLine() {
    assertThatThrownBy(() -> read("id,lat,lon\n1,2,3\n")).hasMessageContaining("probes:1:")
        .hasMessageContaining("'latitude'");
    assertThatThrownBy(() -> read("id,latitude,longitude\n1,2,3\nx,2,3\n"))
        .hasMessageContaining("probes:3:").hasMessageContaining("positive integer");
    assertThatThrownBy(() -> read("id,latitude,longitude\n1,95,3\n"))
        .hasMessageContaining("probes:2:").hasMessageContaining("probe 1");
    assertThatThrownBy(() -> read("{\"objects\":[{\"id\":1,\"latitude\":")).isInstanceOf(
        AtlasException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read("{\"foo\":1}")).hasMessageContaining("'objects'");
  }

  @Test
  void cache_roundTrips(@TempDir Path dir) throws IOException {
    List<VantageCandidate> probes = List.of(new VantageCandidate("1", LatLon.of(52.3, 4.9),
        3333L, "NL", VantageCandidate.Status.CONNECTED), VantageCandidate.of("2",
        LatLon.of(-1, -2)));
    Path f = dir.resolve("sub/atlas-probes.csv");
    AtlasProbeArchive.writeCsv(f, probes);
    assertThat(AtlasProbeArchive.read(f).probes()).isEqualTo(probes);
    assertThat(Files.list(f.getParent())).hasSize(1);
  }
}
