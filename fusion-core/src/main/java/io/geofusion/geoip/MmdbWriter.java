package io.geofusion.geoip;

import io.geofusion.geo.LatLon;
import io.geofusion.text.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes MaxMind DB ({@code .mmdb}) files, following MaxMind-DB-spec.md version 2.0: a binary
 * search tree over IPv6 (or IPv4-only) addresses, a deduplicated data section, and the metadata
 * section. Files read back through geoip2's {@code DatabaseReader} (when written GeoIP2-shaped,
 * e.g. with {@link #cityRecord}), the generic {@code com.maxmind.db.Reader}, and libmaxminddb's
 * {@code mmdblookup}. No Java writer existed; see docs/decisions/own-mmdb-writer.md.
 *
 * <pre>{@code
 * MmdbWriter w = MmdbWriter.ipv6("GeoFusion-Overlay-City");
 * w.insert("198.51.100.0/24",
 *     MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL", "North Holland", "Amsterdam"));
 * w.write(Path.of("overlay.mmdb"));
 * }</pre>
 *
 * <p><b>Overlapping inserts: the later insert wins, address by address.</b> Inserting a network
 * replaces the data of every address in it. Inserting a smaller network inside an earlier larger
 * one splits the larger one: its other addresses keep the earlier data and are reported as the
 * split halves (inserting 10.0.0.0/8 then 10.1.0.0/16 leaves 10.0.0.0/16, 10.2.0.0/15, …
 * 10.128.0.0/9 with the first data). Inserting a larger network later erases the smaller ones
 * inside it. Nothing is merged: a lookup reports the network as inserted or split.
 *
 * <p><b>IPv4 in an IPv6 database.</b> IPv4 networks are stored at {@code ::a.b.c.d/(96+p)} (the
 * spec's IPv4 placement), and, as MaxMind does, {@code ::ffff:0:0/96} (IPv4-mapped) and {@code
 * 2002::/16} (6to4) are aliases of that IPv4 subtree unless {@link #ipv4Aliases(boolean)} turns
 * them off. While aliases are on, inserting inside {@code 2002::/16} is refused; a larger network
 * that covers it keeps the alias inside.
 *
 * <p><b>Record size</b> is the smallest of 24, 28 and 32 bits that can hold {@code node_count + 16
 * + data_section_size}, unless set with {@link #recordSize(int)}.
 *
 * <p>Not thread-safe: one writer is filled by one thread, then written. {@link #write(Path)} does
 * not change the writer, so more inserts and another write may follow.
 */
public final class MmdbWriter {

  /** ::ffff:0:0 as raw bytes: InetAddress would turn it into an IPv4 address. */
  private static final byte[] IPV4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
      (byte) 0xFF, 0, 0, 0, 0};
  private static final IpNetwork SIX_TO_FOUR = IpNetwork.parse("2002::/16");

  /** A trie node: a leaf holds data (null = no data), an inner node two children. */
  private static final class Node {
    Node left;
    Node right;
    Object data;

    boolean leaf() {
      return left == null;
    }

    /** Inner-node number in the file, assigned by {@link #toBytes()}; -1 until then. */
    long id = -1;

    /** A deep copy; the insert trie has no shared nodes (aliases exist only in copies). */
    Node copy() {
      Node c = new Node();
      c.data = data;
      if (!leaf()) {
        c.left = left.copy();
        c.right = right.copy();
      }
      return c;
    }
  }

  private final int ipVersion;
  private final String databaseType;
  private final Map<String, String> description = new TreeMap<>();
  private final List<String> languages = new ArrayList<>();
  private Node root = new Node();
  private boolean ipv4Aliases = true;
  private int recordSize;
  private Instant buildTime = Instant.now();
  private int inserts;

  private MmdbWriter(int ipVersion, String databaseType) {
    Objects.requireNonNull(databaseType, "databaseType");
    if (databaseType.isBlank()) {
      throw new IllegalArgumentException("database type must be non-blank, e.g. 'My-Overlay-City'");
    }
    this.ipVersion = ipVersion;
    this.databaseType = databaseType;
  }

  /**
   * A writer for an IPv6 database (which also holds IPv4 networks). The {@code databaseType}
   * tells readers the record schema: geoip2's {@code DatabaseReader} reads a type containing
   * {@code City} as GeoIP2 City records. Names starting with "GeoIP" are reserved for MaxMind.
   */
  public static MmdbWriter ipv6(String databaseType) {
    return new MmdbWriter(6, databaseType);
  }

  /** A writer for an IPv4-only database. */
  public static MmdbWriter ipv4(String databaseType) {
    return new MmdbWriter(4, databaseType);
  }

  /** Adds a description in one language (e.g. {@code "en"}). */
  public MmdbWriter description(String language, String text) {
    description.put(Objects.requireNonNull(language, "language"), Objects.requireNonNull(text,
        "text"));
    return this;
  }

  /** Declares the locale codes the records carry names in (metadata {@code languages}). */
  public MmdbWriter languages(String... codes) {
    languages.clear();
    for (String c : codes) {
      languages.add(Objects.requireNonNull(c, "language code"));
    }
    return this;
  }

  /** The build time stored in metadata (whole seconds); default: when the writer was created. */
  public MmdbWriter buildTime(Instant time) {
    Objects.requireNonNull(time, "time");
    if (time.getEpochSecond() < 0) {
      throw new IllegalArgumentException("build time must not be before 1970, got " + time);
    }
    this.buildTime = time;
    return this;
  }

  /** Forces a record size (24, 28 or 32 bits); 0 restores the automatic choice. */
  public MmdbWriter recordSize(int bits) {
    if (bits != 0 && bits != 24 && bits != 28 && bits != 32) {
      throw new IllegalArgumentException("record size must be 24, 28 or 32 bits (or 0 = auto),"
          + " got " + bits);
    }
    this.recordSize = bits;
    return this;
  }

  /** Whether an IPv6 database aliases ::ffff:0:0/96 and 2002::/16 to the IPv4 space (default). */
  public MmdbWriter ipv4Aliases(boolean on) {
    this.ipv4Aliases = on; // ignored by IPv4 databases, which have no IPv6 space to alias
    return this;
  }

  /** {@link #insert(IpNetwork, Map)} with a CIDR string such as {@code "192.0.2.0/24"}. */
  public MmdbWriter insert(String cidr, Map<String, ?> data) {
    return insert(IpNetwork.parse(cidr), data);
  }

  /**
   * Sets the data of every address in {@code network}; later inserts win (see class comment).
   * Values may be String, Double, Float, Boolean, Integer (int32), Long (uint32), BigInteger
   * (uint64/uint128), {@link MmdbInteger}, byte[], Map with String keys, and List; null is not
   * a value.
   *
   * @throws IllegalArgumentException for an IPv6 network in an IPv4 database, a network inside
   *     an IPv4 alias, or a value that cannot be stored
   */
  public MmdbWriter insert(IpNetwork network, Map<String, ?> data) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(data, "data");
    MmdbEncoder.inline(data); // fail now, naming the bad value, rather than at write time
    if (ipVersion == 4 && !network.isIpv4()) {
      throw new IllegalArgumentException("cannot insert IPv6 network " + network
          + " into an IPv4 database; use MmdbWriter.ipv6(...)");
    }
    if (ipVersion == 6 && ipv4Aliases && !network.isIpv4()
        && SIX_TO_FOUR.prefixLength() <= network.prefixLength()
        && SIX_TO_FOUR.contains(network.address())) {
      throw new IllegalArgumentException("network " + network + " lies in 2002::/16, an alias of"
          + " the IPv4 space; insert the IPv4 network instead or call ipv4Aliases(false)");
    }
    Object frozen = freeze(data);
    byte[] bits = path(network);
    int prefix = prefixBits(network);
    Node n = root;
    for (int depth = 0; depth < prefix; depth++) {
      if (n.leaf()) {
        split(n);
      }
      n = bit(bits, depth) == 0 ? n.left : n.right;
    }
    n.left = null;
    n.right = null;
    n.data = frozen;
    inserts++;
    return this;
  }

  /** How many inserts were made. */
  public int insertCount() {
    return inserts;
  }

  /**
   * Writes the database to {@code file} atomically (a temporary file in the same folder, then a
   * rename; a symlink at {@code file} is replaced, not written through), replacing any existing
   * file. The file's mode follows the umask.
   *
   * @throws IllegalStateException when the database outgrows the format (2³² nodes or 4 GiB)
   */
  public void write(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    // Temporary file + rename; the mode follows the umask (createTempFile forced 0600).
    AtomicFile.write(file, toBytes());
  }

  /** The complete file contents. */
  public byte[] toBytes() {
    Node top = root.copy();
    if (top.leaf()) {
      split(top); // the tree needs at least one node
    }
    if (ipVersion == 6 && ipv4Aliases) {
      Node v4 = descend(top, new byte[16], 96);
      attach(top, IPV4_MAPPED, 96, v4);
      attach(top, SIX_TO_FOUR.address().getAddress(), SIX_TO_FOUR.prefixLength(), v4);
    }
    // Number inner nodes breadth-first; aliased nodes are numbered once.
    List<Node> order = new ArrayList<>();
    Deque<Node> queue = new ArrayDeque<>();
    queue.add(top);
    top.id = 0;
    order.add(top);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      for (Node c : new Node[] {n.left, n.right}) {
        if (!c.leaf() && c.id < 0) {
          c.id = order.size();
          order.add(c);
          queue.add(c);
        }
      }
    }
    long nodeCount = order.size();
    MmdbEncoder enc = new MmdbEncoder();
    IdentityHashMap<Object, Integer> offsets = new IdentityHashMap<>();
    for (Node n : order) {
      for (Node c : new Node[] {n.left, n.right}) {
        if (c.leaf() && c.data != null && !offsets.containsKey(c.data)) {
          offsets.put(c.data, enc.store(c.data));
        }
      }
    }
    long maxValue = nodeCount + 16 + enc.size();
    int size = recordSize != 0 ? recordSize
        : maxValue < (1L << 24) ? 24 : maxValue < (1L << 28) ? 28 : 32;
    if (maxValue >= (1L << size)) {
      throw new IllegalStateException("database needs record values up to " + maxValue
          + ", more than " + size + "-bit records hold"
          + (size < 32 ? "; use a larger recordSize" : "; split it into several databases"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
        nodeCount * size / 4 + 16 + enc.size() + 512));
    for (Node n : order) {
      writeNode(out, size, value(n.left, offsets, nodeCount), value(n.right, offsets, nodeCount));
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(enc.bytes());
    out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    out.writeBytes("MaxMind.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(MmdbEncoder.inline(metadata(nodeCount, size)));
    return out.toByteArray();
  }

  private Map<String, Object> metadata(long nodeCount, int size) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("binary_format_major_version", MmdbInteger.uint16(2));
    m.put("binary_format_minor_version", MmdbInteger.uint16(0));
    m.put("build_epoch", MmdbInteger.uint64(BigInteger.valueOf(buildTime.getEpochSecond())));
    m.put("database_type", databaseType);
    m.put("description", new TreeMap<>(description));
    m.put("ip_version", MmdbInteger.uint16(ipVersion));
    m.put("languages", List.copyOf(languages));
    m.put("node_count", MmdbInteger.uint32(nodeCount));
    m.put("record_size", MmdbInteger.uint16(size));
    return m;
  }

  /**
   * A GeoIP2-City-shaped record, readable by {@code DatabaseReader.city()}: {@code
   * location.latitude/longitude/accuracy_radius}, {@code country.iso_code}, {@code
   * subdivisions[0].names.en}, {@code city.names.en}. Null names are left out.
   */
  public static Map<String, Object> cityRecord(LatLon position, int accuracyRadiusKm,
      String countryIsoCode, String subdivision, String city) {
    Objects.requireNonNull(position, "position");
    if (accuracyRadiusKm < 0 || accuracyRadiusKm > 0xFFFF) {
      throw new IllegalArgumentException("accuracy radius must be in [0, 65535] km, got "
          + accuracyRadiusKm);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("location", Map.of("latitude", position.lat(), "longitude", position.lon(),
        "accuracy_radius", MmdbInteger.uint16(accuracyRadiusKm)));
    if (countryIsoCode != null) {
      r.put("country", Map.of("iso_code", countryIsoCode));
    }
    if (subdivision != null) {
      r.put("subdivisions", List.of(Map.of("names", Map.of("en", subdivision))));
    }
    if (city != null) {
      r.put("city", Map.of("names", Map.of("en", city)));
    }
    return r;
  }

  private static long value(Node c, IdentityHashMap<Object, Integer> offsets, long nodeCount) {
    if (!c.leaf()) {
      return c.id;
    }
    return c.data == null ? nodeCount : nodeCount + 16 + offsets.get(c.data);
  }

  private static void writeNode(ByteArrayOutputStream out, int size, long left, long right) {
    switch (size) {
      case 24:
        out.write((int) (left >>> 16));
        out.write((int) (left >>> 8));
        out.write((int) left);
        out.write((int) (right >>> 16));
        out.write((int) (right >>> 8));
        out.write((int) right);
        break;
      case 28:
        out.write((int) (left >>> 16));
        out.write((int) (left >>> 8));
        out.write((int) left);
        out.write((int) (((left >>> 24) & 0x0F) << 4 | ((right >>> 24) & 0x0F)));
        out.write((int) (right >>> 16));
        out.write((int) (right >>> 8));
        out.write((int) right);
        break;
      default:
        for (long v : new long[] {left, right}) {
          out.write((int) (v >>> 24));
          out.write((int) (v >>> 16));
          out.write((int) (v >>> 8));
          out.write((int) v);
        }
    }
  }

  /** Walks (splitting leaves) to the node at {@code prefix} bits of {@code bits}. */
  private static Node descend(Node from, byte[] bits, int prefix) {
    Node n = from;
    for (int d = 0; d < prefix; d++) {
      if (n.leaf()) {
        split(n);
      }
      n = bit(bits, d) == 0 ? n.left : n.right;
    }
    return n;
  }

  /** Points the record for {@code alias} at {@code target}. */
  private static void attach(Node top, byte[] bits, int prefix, Node target) {
    Node parent = descend(top, bits, prefix - 1);
    if (parent.leaf()) {
      split(parent);
    }
    if (bit(bits, prefix - 1) == 0) {
      parent.left = target;
    } else {
      parent.right = target;
    }
  }

  private static void split(Node n) {
    n.left = new Node();
    n.right = new Node();
    n.left.data = n.data;
    n.right.data = n.data;
    n.data = null;
  }

  private byte[] path(IpNetwork network) {
    byte[] a = network.address().getAddress();
    if (ipVersion == 6 && network.address() instanceof Inet4Address) {
      byte[] v6 = new byte[16];
      System.arraycopy(a, 0, v6, 12, 4);
      return v6;
    }
    return a;
  }

  private int prefixBits(IpNetwork network) {
    return ipVersion == 6 && network.isIpv4() ? 96 + network.prefixLength()
        : network.prefixLength();
  }

  private static int bit(byte[] bits, int index) {
    return (bits[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  /** A deep, immutable copy so later changes to the caller's maps cannot alter the database. */
  private static Object freeze(Object v) {
    if (v instanceof Map) {
      Map<String, Object> m = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        m.put((String) e.getKey(), freeze(e.getValue()));
      }
      return java.util.Collections.unmodifiableMap(m);
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      for (Object o : (List<?>) v) {
        l.add(freeze(o));
      }
      return java.util.Collections.unmodifiableList(l);
    }
    if (v instanceof byte[]) {
      return ((byte[]) v).clone();
    }
    return v;
  }
}
