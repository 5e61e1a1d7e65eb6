package io.geofusion.geoip;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Jazzer fuzz harness for the MaxMind DB open/verify/lookup path. The fuzzer's bytes choose
 * mutations (offset, value, truncation) of a valid database written by {@link MmdbWriter}, so no
 * binary seed corpus is needed. Contract: opening and querying a damaged file either works or
 * throws {@link GeoIpException}; anything else escaping is a bug.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs in regression mode (the unmutated file, plus any
 * inputs saved under {@code src/test/resources/io/geofusion/geoip/MmdbFuzzTestInputs}); with it,
 * Jazzer explores: {@code JAZZER_FUZZ=1 ./mvnw -o -pl fusion-core test -Dtest=MmdbFuzzTest}.
 */
class MmdbFuzzTest {

  private static final byte[] BASE = base();

  private static byte[] base() {
    MmdbWriter w = MmdbWriter.ipv6("Fuzz-City");
    for (int i = 0; i < 8; i++) {
      w.insert("10." + i + ".0.0/16",
          MmdbWriter.cityRecord(LatLon.of(i, -i), 5 + i, "NL", "Sub " + i, "City " + i));
      w.insert("2001:db8:" + i + "::/48", Map.of("autonomous_system_number", (long) i,
          "tags", List.of("a", i, 1.5f, true)));
    }
    return w.toBytes();
  }

  @FuzzTest(maxDuration = "30s")
  void open_mutatedDatabaseFailsOnlyWithGeoIpException(FuzzedDataProvider data)
      throws IOException {
    byte[] bytes = BASE.clone();
    int mutations = data.consumeInt(0, 16);
    for (int i = 0; i < mutations; i++) {
      bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
    }
    if (data.consumeBoolean()) {
      bytes = java.util.Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
    }
    Path f = Files.createTempFile("fuzz", ".mmdb");
    try {
      Files.write(f, bytes);
      try (MaxMindGeoIpService geo = MaxMindGeoIpService.builder().database(f)
          .verify(data.consumeBoolean()).build()) {
        for (int i = 0; i < 8; i++) {
          geo.locate(IpNetwork.parseAddress("10." + i + ".1.1"));
          geo.asn(IpNetwork.parseAddress("2001:db8:" + i + "::1"));
        }
      } catch (GeoIpException expected) {
        // the contract: a clean, typed rejection
      }
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
