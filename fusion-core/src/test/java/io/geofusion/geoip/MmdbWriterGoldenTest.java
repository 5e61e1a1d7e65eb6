package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's memory work (issue 19: records held as encodings, an array trie, a dedup table
 * over the data section, streamed output) changed no byte: each database below hashes to what
 * the writer before it (main at 2ccf582, frozen maps and a trie copy) wrote for the same calls.
 * The shapes cover every value type, a 4-byte UTF-8 string, overwrites, splits, the IPv4
 * aliases on and off, forced record sizes, an empty database and more keys than the writer
 * numbers ({@link KeyDictionary#MAX_KEYS}).
 */
class MmdbWriterGoldenTest {

  /** SHA-256 of {@link #writers()}' files as main's writer wrote them, in order. */
  private static final List<String> MAIN = List.of(
      "cac2df7b58d51598d5280d5e46aeafd78c818002db597e7e3250c56c5e3b40b0",
      "85fe5018bbf9aeef7e1a358cfbeb7e6be96a928b6835f35dead02d861dc82d2e",
      "2fddd0ba17d3e5dae3e95c498119f5d7f2c6ab6dad9bee447b817253353f8c3d",
      "bbf16118d7ef75f6719ae6d1cc5211170796469e04cca3242f92df5d08b80965",
      "30d251fd05d500f9d0869321871ecff8fdf31dbea62ff3bd89313e5bb1ed16a1",
      "0fd8978cc1b8fc28edb0bb15bc5adfde99bcf25d97075ef3d497cd57c0759896",
      "eaa9b7c3a54b0d29ae496203f4a9c79a8a1bf3eb90bef9dc7c05b03ef6dc6b25");

  @Test
  void toBytes_everyShape_matchesTheWriterBeforeTheMemoryWork() throws Exception {
    List<MmdbWriter> writers = writers();
    assertThat(writers).hasSameSizeAs(MAIN);
    for (int i = 0; i < writers.size(); i++) {
      assertThat(sha256(writers.get(i).toBytes())).as("database %d", i).isEqualTo(MAIN.get(i));
    }
  }

  @Test
  void toBytes_twiceAndAfterMoreInserts_sameAsAFreshWriter() throws Exception {
    MmdbWriter w = writers().get(0);
    byte[] first = w.toBytes();
    assertThat(w.toBytes()).isEqualTo(first);
    // writing split leaves in place and redirected the aliases: none of it may show later
    w.insert("::/1", Map.of("k", "later"));
    w.insert("3.0.0.0/8", Map.of("k", "later v4"));
    MmdbWriter fresh = writers().get(0);
    fresh.insert("::/1", Map.of("k", "later"));
    fresh.insert("3.0.0.0/8", Map.of("k", "later v4"));
    assertThat(w.toBytes()).isEqualTo(fresh.toBytes());
  }

  @Test
  void insert_largerNetworkOverSmallOnes_sameFileAsOnlyTheLargeOne() {
    Instant t = Instant.ofEpochSecond(1_700_000_000L);
    MmdbWriter w = MmdbWriter.ipv6("Test-City").buildTime(t);
    for (int i = 0; i < 1000; i++) {
      w.insert("10." + (i / 256) + "." + (i % 256) + ".0/24", Map.of("n", (long) i));
    }
    w.insert("10.0.0.0/8", Map.of("n", "all")); // frees the replaced subtree's nodes
    w.insert("11.0.0.0/24", Map.of("n", "next")); // and reuses them
    MmdbWriter only = MmdbWriter.ipv6("Test-City").buildTime(t);
    only.insert("10.0.0.0/8", Map.of("n", "all"));
    only.insert("11.0.0.0/24", Map.of("n", "next"));
    assertThat(w.toBytes()).isEqualTo(only.toBytes());
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static List<MmdbWriter> writers() {
      List<MmdbWriter> out = new ArrayList<>();
      Instant t = Instant.ofEpochSecond(1_700_000_000L);
      MmdbWriter w = MmdbWriter.ipv6("Test-City").buildTime(t).description("en", "golden").languages("en", "de");
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("s", "ab");
      all.put("long_string", "a longer string value");
      all.put("emoji", "\uD83D\uDE00\uD83D\uDE00");
      all.put("e3", "\u00e9\u00e9\u00e9");
      all.put("d", 1.5);
      all.put("f", 2.5f);
      all.put("t", true);
      all.put("fa", false);
      all.put("i", -7);
      all.put("ip", 300);
      all.put("l", 4_000_000_000L);
      all.put("b64", new BigInteger("18000000000000000000"));
      all.put("b128", BigInteger.ONE.shiftLeft(100));
      all.put("u16", MmdbInteger.uint16(0));
      all.put("bytes", new byte[] {1, 2, 3, 4, 5});
      all.put("sb", new byte[] {9});
      all.put("list", List.of("x", "yyyy", List.of(1, 2), Map.of("k", "vvvv")));
      all.put("empty", Map.of());
      all.put("emptyList", List.of());
      all.put("nested", Map.of("a", Map.of("b", Map.of("c", "deep value"))));
      w.insert("10.0.0.0/8", all);
      w.insert("10.1.0.0/16", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL", "North Holland", "Amsterdam"));
      w.insert("10.1.2.0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL", "North Holland", "Amsterdam"));
      w.insert("10.2.0.0/24", MmdbWriter.cityRecord(LatLon.of(1, 2), 7, null, null, null));
      for (int i = 0; i < 300; i++) {
        w.insert("2001:db8:" + Integer.toHexString(i) + "::/48", MmdbWriter.cityRecord(LatLon.of(i % 90, i % 180), i, "US", null, "City" + i));
      }
      w.insert("2001:db8:5::/48", all);
      w.insert("192.168.0.0/16", Map.of("only", "one"));
      w.insert("192.168.0.0/16", Map.of("only", "two"));
      w.insert("0.0.0.0/0", Map.of("default", 1));
      w.insert("10.9.9.0/24", Map.of("default", 1));
      out.add(w);
      MmdbWriter v4 = MmdbWriter.ipv4("Test-Country").buildTime(t);
      for (int i = 0; i < 500; i++) {
        v4.insert((i % 200 + 1) + "." + (i * 7 % 256) + ".0.0/16", Map.of("country", Map.of("iso_code", i % 2 == 0 ? "DE" : "FR"), "n", (long) i));
      }
      v4.insert("4.0.0.0/6", Map.of("over", "write"));
      out.add(v4);
      MmdbWriter noAlias = MmdbWriter.ipv6("Test-NoAlias").buildTime(t).ipv4Aliases(false).recordSize(32);
      noAlias.insert("1.2.3.0/24", Map.of("k", "value"));
      noAlias.insert("2002:102:300::/40", Map.of("k", "six"));
      out.add(noAlias);
      MmdbWriter r28 = MmdbWriter.ipv6("Test-28").buildTime(t).recordSize(28);
      r28.insert("2002::/15", Map.of("k", "covers six-to-four"));
      r28.insert("8.8.8.0/24", Map.of("k", "v4"));
      out.add(r28);
      out.add(MmdbWriter.ipv6("Test-Empty").buildTime(t));
      MmdbWriter manyKeys = MmdbWriter.ipv6("Test-Keys").buildTime(t);
      for (int i = 0; i < 2100; i++) {
        manyKeys.insert("2001:db8:" + Integer.toHexString(i) + "::/48", Map.of("key_number_" + i, "v" + i, "shared", List.of(i)));
      }
      out.add(manyKeys);
      MmdbWriter all0 = MmdbWriter.ipv6("Test-Everything").buildTime(t);
      all0.insert("::/0", Map.of("x", "everything"));
      out.add(all0);
    return out;
  }
}
