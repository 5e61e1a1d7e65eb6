package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VantagesCsv} and the lookups of {@link VantagePositions}. */
class VantagesCsvTest {

  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("vantages.csv"), text);
  }

  @Test
  void read_headerCommentsQuotesAndExtraColumns() throws IOException {
    VantagePositions p = VantagesCsv.read(file("ID,lat,lon\n# Frankfurt\n\n"
        + "6001, 50.11 ,8.68,fra\n\"atlas-probe:6002\",51.51,-0.13\n192.0.2.3,40.71,-74.01\n"));

    assertThat(p.size()).isEqualTo(3);
    assertThat(p.find("atlas-probe:6001", null)).contains(LatLon.of(50.11, 8.68));
    assertThat(p.find("atlas-probe:6002", "192.0.2.3")).contains(LatLon.of(51.51, -0.13));
    assertThat(p.find("atlas-probe:7", "192.0.2.3")).contains(LatLon.of(40.71, -74.01));
    assertThat(p.find(null, "192.0.2.3")).contains(LatLon.of(40.71, -74.01));
    assertThat(p.find("7", "192.0.2.4")).isEmpty();
    assertThat(p.find(null, null)).isEmpty();
  }

  @Test
  void read_badLines_oneLineErrorsNamingFileAndLine() throws IOException {
    Path notNumber = file("id,lat,lon\n6001,50.11,8.68\n6002,51.51,abc\n");
    assertThatThrownBy(() -> VantagesCsv.read(notNumber))
        .isInstanceOf(InvalidVantagesException.class)
        .hasMessage(notNumber + ":3: longitude 'abc' is not a number")
        .satisfies(e -> assertThat(((InvalidVantagesException) e).line()).isEqualTo(3));

    Path outOfRange = file("6001,95,1\n");
    assertThatThrownBy(() -> VantagesCsv.read(outOfRange))
        .hasMessage(outOfRange + ":1: latitude must be in [-90, 90] degrees, got 95.0");

    Path tooShort = file("6001,50.11\n");
    assertThatThrownBy(() -> VantagesCsv.read(tooShort))
        .hasMessage(tooShort + ":1: expected 'id,lat,lon', got '6001,50.11'");
  }

  @Test
  void read_probeArchiveHeader_latitudeAndLongitudeColumnsByName() throws IOException {
    VantagePositions v = VantagesCsv.read(file(
        "id,address_v4,country_code,latitude,longitude\n"
            + "7,82.217.219.124,NL,51.2005,6.0075\n"
            + "8,,NL,,\n"
            + "14,95.232.13.43,IT,41.8995,12.4375\n"));
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.find("atlas-probe:14", null)).contains(LatLon.of(41.8995, 12.4375));
    assertThat(v.find("atlas-probe:8", null)).isEmpty();
  }

  @Test
  void read_stream_sameRulesAndMessagesNamingTheInput() {
    assertThatThrownBy(() -> VantagesCsv.read(new ByteArrayInputStream(
        "id,lat,lon\n1,52.3,4.9\n2,x,4.9\n".getBytes(StandardCharsets.UTF_8)),
        "probes.csv"))
        .isInstanceOf(InvalidVantagesException.class)
        .hasMessage("probes.csv:3: latitude 'x' is not a number");
  }

  @Test
  void read_missingFile_noSuchFile() {
    assertThatThrownBy(() -> VantagesCsv.read(dir.resolve("nope.csv")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
