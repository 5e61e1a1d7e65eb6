package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.json.ProductJson;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates the example data set that {@code geofusion demo} (and the README) runs on. Everything
 * is synthetic and made here, from a stated physical model, so the demo needs no download:
 *
 * <ul>
 *   <li>{@code traceroute.json}: the origin system's artifact as a RIPE Atlas traceroute result
 *       (hop 2 a 10.x router answering at 235 ms, hop 3 at 35 ms);
 *   <li>{@code pings.jsonl}: RIPE Atlas ping results from eight vantages ({@code vantages.csv})
 *       to three targets, one of them a VPN exit whose GeoIP ({@code geoip-demo.mmdb}, built
 *       with our MMDB writer) lies;
 *   <li>{@code groundtruth.ndjson}: a leave-one-out ground-truth set over {@link #CITIES} in the
 *       {@code geofusion eval} format, RTTs drawn from {@code rtt = 2·d·s/(f·c) + a}, route
 *       stretch {@code s} log-normal around 2.2 (σ 0.3 in log space, at least 1.05), which matches the distance-to-bound ratio of the real WonderNetwork data (median 0.37–0.57 by RTT band), access delay {@code a} uniform in [0.5, 4] ms.
 * </ul>
 *
 * The vantage uses documentation addresses (RFC 5737) and RFC 1918; the path and targets use
 * public addresses so the hop analysis treats them as the public Internet (documentation prefixes
 * are bogons and would be flagged). These are recorded data only: nothing is ever probed, and
 * the positions are synthetic, not facts about whoever holds those addresses.
 */
final class DemoData {

  /** A city with a public, well-known position. */
  record City(String name, LatLon at) {}

  static final List<City> CITIES = List.of(
      new City("Amsterdam", LatLon.of(52.37, 4.90)),
      new City("Frankfurt", LatLon.of(50.11, 8.68)),
      new City("London", LatLon.of(51.51, -0.13)),
      new City("Paris", LatLon.of(48.86, 2.35)),
      new City("Madrid", LatLon.of(40.42, -3.70)),
      new City("Stockholm", LatLon.of(59.33, 18.07)),
      new City("Warsaw", LatLon.of(52.23, 21.01)),
      new City("Rome", LatLon.of(41.90, 12.50)),
      new City("Istanbul", LatLon.of(41.01, 28.98)),
      new City("Moscow", LatLon.of(55.76, 37.62)),
      new City("New York", LatLon.of(40.71, -74.01)),
      new City("Chicago", LatLon.of(41.88, -87.63)),
      new City("Dallas", LatLon.of(32.78, -96.80)),
      new City("Los Angeles", LatLon.of(34.05, -118.24)),
      new City("Seattle", LatLon.of(47.61, -122.33)),
      new City("Miami", LatLon.of(25.76, -80.19)),
      new City("Toronto", LatLon.of(43.65, -79.38)),
      new City("Mexico City", LatLon.of(19.43, -99.13)),
      new City("Sao Paulo", LatLon.of(-23.55, -46.63)),
      new City("Buenos Aires", LatLon.of(-34.60, -58.38)),
      new City("Johannesburg", LatLon.of(-26.20, 28.05)),
      new City("Lagos", LatLon.of(6.52, 3.38)),
      new City("Cairo", LatLon.of(30.04, 31.24)),
      new City("Dubai", LatLon.of(25.20, 55.27)),
      new City("Mumbai", LatLon.of(19.08, 72.88)),
      new City("Singapore", LatLon.of(1.35, 103.82)),
      new City("Hong Kong", LatLon.of(22.32, 114.17)),
      new City("Tokyo", LatLon.of(35.68, 139.69)),
      new City("Seoul", LatLon.of(37.57, 126.98)),
      new City("Sydney", LatLon.of(-33.87, 151.21)),
      new City("Auckland", LatLon.of(-36.85, 174.76)),
      new City("Honolulu", LatLon.of(21.31, -157.86)));

  /** Where the demo's own vantage sits (Frankfurt). */
  static final LatLon VANTAGE = LatLon.of(50.11, 8.68);


  private DemoData() {}

  /** One-way km per RTT-ms at 2/3 c: the physics every synthetic RTT obeys. */
  private static final double K = DistanceModel.FIBER_TWO_THIRDS.kmPerRttMs(10);

  static double syntheticRttMs(LatLon a, LatLon b, SplittableRandom r) {
    double d = Geodesy.distanceKm(a, b);
    double stretch = Math.exp(Math.log(2.2) + 0.3 * gaussian(r));
    stretch = Math.max(1.05, stretch);
    double access = 0.5 + 3.5 * r.nextDouble();
    return d * stretch / K + access;
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Writes the whole data set into {@code dir} (created if needed); returns the files written. */
  static List<Path> write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    Path trace = dir.resolve("traceroute.json");
    Path pings = dir.resolve("pings.jsonl");
    Path truth = dir.resolve("groundtruth.ndjson");
    Path vantages = dir.resolve("vantages.csv");
    Path geoip = dir.resolve("geoip-demo.mmdb");
    writeTraceroute(trace);
    writePings(pings, new SplittableRandom(seed));
    writeVantages(vantages);
    writeGeoIp(geoip);
    writeGroundTruth(truth, new SplittableRandom(seed ^ 0x5DEECE66DL));
    return List.of(trace, pings, vantages, geoip, truth);
  }

  /** The origin's example as a RIPE Atlas traceroute result (firmware 4790 layout). */
  static void writeTraceroute(Path file) throws IOException {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("fw", 4790).put("type", "traceroute").put("af", 4).put("proto", "ICMP");
    t.put("prb_id", 6001).put("msm_id", 1000001).put("timestamp", 1795600000L);
    t.put("from", "192.0.2.10").put("src_addr", "192.168.1.20").put("dst_addr", "212.102.40.218");
    t.put("dst_name", "212.102.40.218").put("paris_id", 1).put("size", 48);
    ArrayNode hops = t.putArray("result");
    Object[][] rows = {
      {1, "192.168.1.1", new double[] {1.49, 1.52, 1.61}},
      {2, "10.12.0.1", new double[] {235.2, 236.8, 241.0}},
      {3, "62.115.40.1", new double[] {35.0, 35.4, 36.1}},
      {4, "62.115.40.9", new double[] {38.2, 38.9, 38.4}},
      {5, null, null},
      {6, "212.102.40.1", new double[] {52.7, 52.9, 53.4}},
      {7, "212.102.40.218", new double[] {53.1, 53.3, 53.2}},
    };
    for (Object[] row : rows) {
      ObjectNode hop = hops.addObject();
      hop.put("hop", (int) row[0]);
      ArrayNode res = hop.putArray("result");
      if (row[1] == null) {
        for (int i = 0; i < 3; i++) {
          res.addObject().put("x", "*");
        }
      } else {
        for (double rtt : (double[]) row[2]) {
          res.addObject().put("from", (String) row[1]).put("rtt", rtt).put("size", 68)
              .put("ttl", 255 - (int) row[0]);
        }
      }
    }
    AtomicFile.writeString(file, ProductJson.toJson(t) + "\n");
  }

  /** A demo vantage: a RIPE-Atlas-like probe id at a city. */
  record Vantage(int probeId, String city) {}

  static final List<Vantage> VANTAGES = List.of(
      new Vantage(6001, "Frankfurt"), new Vantage(6002, "London"), new Vantage(6003, "New York"),
      new Vantage(6004, "Chicago"), new Vantage(6005, "Los Angeles"),
      new Vantage(6006, "Sao Paulo"), new Vantage(6007, "Singapore"),
      new Vantage(6008, "Sydney"));

  /**
   * A demo target: where it really is (the RTTs are drawn from there) and what the demo GeoIP
   * database claims. {@code 212.102.40.218} is the VPN case: it answers from Cairo (53 ms from
   * Frankfurt in the traceroute, too close for Texas) while GeoIP says Dallas.
   */
  record Target(String address, String truth, String geoIpCity, String countryIsoCode,
      int accuracyRadiusKm) {}

  static final List<Target> TARGETS = List.of(
      new Target("212.102.40.218", "Cairo", "Dallas", "US", 20),
      new Target("185.40.4.23", "Amsterdam", "Amsterdam", "NL", 50),
      new Target("133.11.0.77", "Tokyo", "Tokyo", "JP", 10));

  /** Ping results (RIPE Atlas, 5 probes each) from every demo vantage to every demo target. */
  static void writePings(Path file, SplittableRandom r) throws IOException {
    AtomicFile.writeText(file, w -> {
      for (Target t : TARGETS) {
        LatLon at = city(t.truth()).at();
        for (Vantage v : VANTAGES) {
          ObjectNode p = JsonNodeFactory.instance.objectNode();
          p.put("fw", 4790).put("type", "ping").put("af", 4).put("proto", "ICMP");
          p.put("prb_id", v.probeId()).put("msm_id", 1000002).put("timestamp", 1795600100L);
          p.put("from", "192.0.2." + (v.probeId() - 6000)).put("src_addr", "192.168.1.20")
              .put("dst_addr", t.address());
          p.put("size", 48).put("sent", 5);
          ArrayNode res = p.putArray("result");
          double base = syntheticRttMs(city(v.city()).at(), at, r);
          int rcvd = 0;
          double min = Double.MAX_VALUE;
          double max = 0;
          double sum = 0;
          for (int i = 0; i < 5; i++) {
            if (i == 3 && v.probeId() == 6001 && t.truth().equals("Tokyo")) {
              res.addObject().put("x", "*");
              continue;
            }
            double rtt = Math.round((base + 4.0 * -Math.log(1 - r.nextDouble())) * 1000) / 1000.0;
            res.addObject().put("rtt", rtt);
            rcvd++;
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            sum += rtt;
          }
          p.put("rcvd", rcvd).put("dup", 0).put("min", min).put("max", max)
              .put("avg", Math.round(sum / rcvd * 1000) / 1000.0);
          w.write(ProductJson.toJson(p));
          w.write('\n');
        }
      }
    });
  }

  /** The vantage positions for {@code analyze --vantages}: {@code id,lat,lon}. */
  static void writeVantages(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("id,lat,lon\n");
    for (Vantage v : VANTAGES) {
      LatLon at = city(v.city()).at();
      sb.append(v.probeId()).append(',').append(at.lat()).append(',').append(at.lon())
          .append('\n');
    }
    AtomicFile.writeString(file, sb.toString());
  }

  /** The demo GeoIP database (City-shaped .mmdb built with our writer), one /24 per target. */
  static void writeGeoIp(Path file) throws IOException {
    MmdbWriter w = MmdbWriter.ipv6("GeoFusion-Demo-City").description("en",
        "GeoFusion demo data (synthetic)");
    // The transit routers of the demo traceroute (hops 3 and 4) sit in Frankfurt and Vienna.
    w.insert("62.115.40.0/29", MmdbWriter.cityRecord(city("Frankfurt").at(), 20, "DE", null,
        "Frankfurt"));
    w.insert("62.115.40.8/29", MmdbWriter.cityRecord(LatLon.of(48.21, 16.37), 20, "AT", null,
        "Vienna"));
    for (Target t : TARGETS) {
      String net = t.address().substring(0, t.address().lastIndexOf('.')) + ".0/24";
      w.insert(net, MmdbWriter.cityRecord(city(t.geoIpCity()).at(), t.accuracyRadiusKm(),
          t.countryIsoCode(), null, t.geoIpCity()));
    }
    w.write(file);
  }

  /** Leave-one-out ground truth over {@link #CITIES}: each city a target, the others vantages. */
  static void writeGroundTruth(Path file, SplittableRandom r) throws IOException {
    AtomicFile.writeText(file, w -> {
      for (City target : CITIES) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("target", slug(target.name()));
        line.putObject("truth").put("lat", target.at().lat()).put("lon", target.at().lon());
        ArrayNode vs = line.putArray("vantages");
        for (City v : CITIES) {
          if (v == target) {
            continue;
          }
          double rtt = syntheticRttMs(v.at(), target.at(), r);
          vs.addObject().put("id", slug(v.name())).put("lat", v.at().lat())
              .put("lon", v.at().lon()).put("min_rtt_ms", Math.round(rtt * 100) / 100.0);
        }
        w.write(ProductJson.toJson(line));
        w.write('\n');
      }
    });
  }

  static City city(String name) {
    for (City c : CITIES) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no demo city named " + name);
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replace(' ', '-');
  }
}
