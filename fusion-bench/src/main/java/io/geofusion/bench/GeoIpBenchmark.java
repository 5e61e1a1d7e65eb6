package io.geofusion.bench;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.IpNetwork;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GeoIP city lookup through {@link GeoIpService} side by side with a raw geoip2 {@code
 * DatabaseReader.tryCity} on the same database, the same addresses, and the same cache (a
 * 4096-entry {@code CHMCache}). The ratio {@code service / rawTryCity} is the overhead of the
 * SPI: mapping to {@link GeoIpLocation}, country-centroid rules and {@code IpNetwork}.
 *
 * <p>By default the database is written at setup by {@link MmdbWriter} (20,000 IPv4 /24 and
 * 2,000 IPv6 /48 networks over 500 distinct cities), so the benchmark needs no external data;
 * {@code -p database=/path/GeoLite2-City.mmdb} measures a real file instead. 1,024 addresses, 90 %
 * inside a network, are looked up in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GeoIpBenchmark {

  /** Empty: a database written by MmdbWriter at setup; otherwise a path to a City .mmdb. */
  @Param({""})
  String database;

  private Path written;
  private GeoIpService service;
  private DatabaseReader raw;
  private InetAddress[] addresses;
  private int next;

  @Setup(Level.Trial)
  public void setup() throws IOException, GeoIpException {
    SplittableRandom rnd = new SplittableRandom(42);
    java.util.List<byte[]> inserted = new java.util.ArrayList<>();
    Path db;
    if (database.isEmpty()) {
      written = Files.createTempFile("geoip-bench", ".mmdb");
      MmdbWriter w = MmdbWriter.ipv6("GeoFusion-Bench-City");
      for (int i = 0; i < 20_000; i++) {
        int c = rnd.nextInt(500);
        byte[] net = {(byte) (1 + rnd.nextInt(220)), (byte) rnd.nextInt(256),
            (byte) rnd.nextInt(256), 0};
        inserted.add(net);
        w.insert(IpNetwork.containing(InetAddress.getByAddress(net), 24), MmdbWriter.cityRecord(LatLon.of(-60 + c * 0.25, -170 + c * 0.6), 5 + c % 200,
            "NL", null, "City " + c));
      }
      for (int i = 0; i < 2_000; i++) {
        int c = rnd.nextInt(500);
        w.insert(IpNetwork.containing(InetAddress.getByAddress(new byte[] {0x2a, 0x00,
            (byte) rnd.nextInt(256), (byte) rnd.nextInt(256), (byte) rnd.nextInt(256), 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0}), 48), MmdbWriter.cityRecord(
            LatLon.of(-60 + c * 0.25, -170 + c * 0.6), 20, "DE", null, "City " + c));
      }
      w.write(written);
      db = written;
    } else {
      db = Path.of(database);
    }
    service = MaxMindGeoIpService.builder().database(db).cacheCapacity(4096).build();
    raw = new DatabaseReader.Builder(db.toFile()).withCache(new CHMCache(4096)).build();
    addresses = new InetAddress[1024];
    for (int i = 0; i < addresses.length; i++) {
      byte[] a = new byte[4];
      rnd.nextBytes(a);
      if (i % 10 == 9) {
        a[0] = (byte) 240; // reserved 240.0.0.0/4: a miss in any database
      } else if (!inserted.isEmpty()) {
        byte[] net = inserted.get(rnd.nextInt(inserted.size()));
        a = new byte[] {net[0], net[1], net[2], (byte) rnd.nextInt(256)};
      } else {
        a[0] = (byte) (1 + rnd.nextInt(220));
      }
      addresses[i] = InetAddress.getByAddress(a);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    service.close();
    raw.close();
    if (written != null) {
      Files.deleteIfExists(written);
    }
  }

  @Benchmark
  public Optional<GeoIpLocation> service() throws GeoIpException {
    return service.locate(addresses[next++ & 1023]);
  }

  @Benchmark
  public Optional<CityResponse> rawTryCity() throws IOException, GeoIp2Exception {
    return raw.tryCity(addresses[next++ & 1023]);
  }
}
