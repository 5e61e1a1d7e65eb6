package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files from {@link MmdbWriter} read back identically through libmaxminddb's {@code mmdblookup}
 * (an independent C reader), run as a process. The whole record it prints is parsed, with the
 * wire type of every value, and compared with what was inserted.
 */
@ExtendWith(Seeds.class)
class MmdbLookupCliTest {

  private static final Path MMDBLOOKUP = Path.of("/usr/bin/mmdblookup");

  @TempDir
  Path tmp;

  @BeforeEach
  void needsTool() {
    assumeTrue(Files.isExecutable(MMDBLOOKUP), "mmdblookup is absent (apt-get install mmdb-bin):"
        + " skipping the libmaxminddb cross-check");
  }

  @Test
  void mmdblookup_allTypesReadBackWithTheirWireTypes() throws Exception {
    Path f = tmp.resolve("types.mmdb");
    MmdbWriter.ipv6("GeoFusion-Test").insert("192.0.2.0/24", MmdbWriterTest.allTypes()).write(f);
    Object expected = typed(MmdbWriterTest.allTypes());
    assertThat(lookup(f, "192.0.2.77")).isEqualTo(expected);
    assertThat(lookup(f, "::ffff:192.0.2.77")).isEqualTo(expected);
    assertThat(lookup(f, "2002:c000:24d::")).isEqualTo(expected);
    assertThat(lookup(f, "198.51.100.1")).isNull();
  }

  @Test
  void mmdblookup_cityRecordAndMetadata() throws Exception {
    Path f = tmp.resolve("city.mmdb");
    MmdbWriter.ipv4("GeoFusion-Overlay-City").recordSize(28)
        .insert("198.51.100.0/24",
            MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL", null, "Amsterdam"))
        .write(f);
    Map<?, ?> rec = (Map<?, ?>) lookup(f, "198.51.100.200");
    assertThat(rec.get("location")).isEqualTo(Map.of("latitude", "double:52.370000",
        "longitude", "double:4.890000", "accuracy_radius", "uint16:5"));
    assertThat(rec.get("city")).isEqualTo(Map.of("names", Map.of("en", "utf8_string:Amsterdam")));
    String verbose = run(f, "198.51.100.200", "--verbose");
    assertThat(verbose).contains("Record size:   28 bits").contains("IP version:    IPv4")
        .contains("Type:          GeoFusion-Overlay-City");
  }

  /** Seeded: random overlapping networks and values; mmdblookup agrees with the insert rule. */
  @Test
  void mmdblookup_randomDatabaseAgrees() throws Exception {
    long seed = Seeds.seed();
    try {
      SplittableRandom rnd = new SplittableRandom(seed);
      MmdbWriter w = MmdbWriter.ipv6("Random-Test");
      List<IpNetwork> nets = new ArrayList<>();
      List<Map<String, Object>> values = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        boolean v4 = rnd.nextBoolean();
        byte[] a = new byte[v4 ? 4 : 16];
        rnd.nextBytes(a);
        a[0] = v4 ? (byte) 10 : 0x20;
        if (!v4) {
          a[1] = 0x01; // stay inside 2001::/16: 2002::/16 is the 6to4 alias of the IPv4 space
        }
        IpNetwork net = IpNetwork.containing(InetAddress.getByAddress(a),
            v4 ? 8 + rnd.nextInt(20) : 16 + rnd.nextInt(50));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", MmdbInteger.uint32(i));
        v.put("d", rnd.nextDouble() * 100);
        v.put("n", rnd.nextInt() | 1);
        v.put("tags", List.of("t" + rnd.nextInt(5), "shared"));
        w.insert(net, v);
        nets.add(net);
        values.add(v);
      }
      Path f = tmp.resolve("random.mmdb");
      w.write(f);
      for (int k = 0; k < 30; k++) {
        IpNetwork target = nets.get(rnd.nextInt(nets.size()));
        InetAddress probe = target.address();
        int last = -1;
        for (int j = nets.size() - 1; j >= 0 && last < 0; j--) {
          if (nets.get(j).contains(probe)) {
            last = j;
          }
        }
        assertThat(lookup(f, probe.getHostAddress())).as("%s", probe)
            .isEqualTo(typed(values.get(last)));
      }
    } catch (AssertionError | Exception e) {
      throw new AssertionError("mmdblookup cross-check failed; rerun with -Dgeofusion.seed=" + seed,
          e);
    }
  }

  /** The value mmdblookup prints, as "type:text" leaves in sorted maps and lists. */
  private static Object typed(Object v) {
    if (v instanceof Map) {
      Map<String, Object> m = new TreeMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put((String) k, typed(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(x -> l.add(typed(x)));
      return l;
    }
    if (v instanceof String) {
      return "utf8_string:" + v;
    }
    if (v instanceof Double) {
      return "double:" + String.format(Locale.ROOT, "%f", (Double) v);
    }
    if (v instanceof Float) {
      return "float:" + String.format(Locale.ROOT, "%f", (double) (Float) v);
    }
    if (v instanceof byte[]) {
      return "bytes:" + HexFormat.of().withUpperCase().formatHex((byte[]) v);
    }
    if (v instanceof Boolean) {
      return "boolean:" + v;
    }
    if (v instanceof Integer) {
      return "int32:" + v;
    }
    if (v instanceof Long) {
      return "uint32:" + v;
    }
    BigInteger big;
    String type;
    if (v instanceof MmdbInteger) {
      big = ((MmdbInteger) v).value();
      type = ((MmdbInteger) v).type().name().toLowerCase(Locale.ROOT);
    } else {
      big = (BigInteger) v;
      type = big.bitLength() <= 64 ? "uint64" : "uint128";
    }
    if (type.equals("uint128")) {
      return "uint128:0x" + String.format("%32s", big.toString(16).toUpperCase(Locale.ROOT))
          .replace(' ', '0');
    }
    return type + ":" + big;
  }

  /** Runs mmdblookup and parses its record dump; null when the address has no entry. */
  private static Object lookup(Path file, String ip) throws IOException, InterruptedException {
    String out = run(file, ip);
    if (out.contains("Could not find an entry")) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String l : out.split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.trim());
      }
    }
    int[] pos = {0};
    return parse(lines, pos);
  }

  private static Object parse(List<String> lines, int[] pos) {
    String line = lines.get(pos[0]++);
    if (line.equals("{")) {
      Map<String, Object> m = new TreeMap<>();
      while (!lines.get(pos[0]).equals("}")) {
        String key = lines.get(pos[0]++);
        m.put(key.substring(1, key.length() - 2), parse(lines, pos));
      }
      pos[0]++;
      return m;
    }
    if (line.equals("[")) {
      List<Object> l = new ArrayList<>();
      while (!lines.get(pos[0]).equals("]")) {
        l.add(parse(lines, pos));
      }
      pos[0]++;
      return l;
    }
    int sp = line.lastIndexOf(" <");
    String text = line.substring(0, sp);
    String type = line.substring(sp + 2, line.length() - 1);
    if (type.equals("utf8_string")) {
      text = text.substring(1, text.length() - 1);
    }
    return type + ":" + text;
  }

  private static String run(Path file, String ip, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(MMDBLOOKUP.toString(), "--file", file.toString(),
        "--ip", ip));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mmdblookup did not finish within 60 s: " + cmd);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
