package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation testing of the open/lookup path: a valid file written by {@link MmdbWriter} is
 * damaged (bytes flipped, zeroed or the file cut short) and opened and queried; the only
 * exception allowed is {@link GeoIpException}. The timeout guards against hangs only.
 */
@ExtendWith(Seeds.class)
class MutatedDatabaseTest {

  @TempDir
  Path tmp;

  @Test
  @Timeout(300)
  void open_mutatedFilesFailOnlyWithGeoIpException() throws Exception {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    MmdbWriter w = MmdbWriter.ipv6("Mutation-City");
    for (int i = 0; i < 40; i++) {
      w.insert("10." + i + ".0.0/16", MmdbWriter.cityRecord(LatLon.of(i, i), 10 + i, "NL",
          "Sub " + i, "City " + i));
      w.insert("2001:db8:" + Integer.toHexString(i) + "::/48", Map.of("autonomous_system_number",
          (long) i, "location", Map.of("latitude", 1.5, "longitude", 2.5)));
    }
    byte[] good = w.toBytes();
    Path f = tmp.resolve("m.mmdb");
    int rejected = 0;
    int opened = 0;
    for (int round = 0; round < 150; round++) {
      byte[] bad = good.clone();
      int kind = rnd.nextInt(3);
      if (kind == 0) {
        for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
          bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
      } else if (kind == 1) {
        int at = rnd.nextInt(bad.length);
        java.util.Arrays.fill(bad, at, Math.min(bad.length, at + 1 + rnd.nextInt(64)), (byte) 0);
      } else {
        bad = java.util.Arrays.copyOf(bad, rnd.nextInt(bad.length));
      }
      Files.write(f, bad);
      for (boolean verify : new boolean[] {false, true}) {
        try (MaxMindGeoIpService geo =
            MaxMindGeoIpService.builder().database(f).verify(verify).build()) {
          opened++;
          for (int i = 0; i < 40; i++) {
            geo.locate(IpNetwork.parseAddress("10." + i + ".1.1"));
            geo.asn(IpNetwork.parseAddress("2001:db8:" + Integer.toHexString(i) + "::1"));
          }
        } catch (GeoIpException expected) {
          rejected++;
        } catch (RuntimeException | Error e) {
          throw new AssertionError("round " + round + " (verify=" + verify + ") let "
              + e + " escape; rerun with -Dgeofusion.seed=" + seed, e);
        }
      }
    }
    assertThat(rejected).as("seed %d", seed).isGreaterThan(0);
    assertThat(rejected + opened).isGreaterThanOrEqualTo(300);
  }
}
