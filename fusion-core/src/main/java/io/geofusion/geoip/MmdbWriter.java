package io.geofusion.geoip;

import io.geofusion.geo.LatLon;
import io.geofusion.text.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * The trie, in arrays rather than objects (8 bytes a node, not 32 plus a reference each). A
   * slot (the root, or a child of node {@code i} in {@code left[i]}/{@code right[i]}) holds an
   * inner node's index (positive), {@link #EMPTY} for a leaf without data, or {@code -(r + 1)}
   * for a leaf with record {@code r}. Split leaves share their record.
   */
  private static final int EMPTY = 0;

  private int[] left = new int[64];
  private int[] right = new int[64];
  /** Nodes in use are 1 .. nodes - 1 (0 would be EMPTY), less the free list. */
  private int nodes = 1;
  /** Nodes of replaced subtrees, linked through {@code left}; 0 ends the list. */
  private int free;
  private int rootSlot = EMPTY;
  /**
   * Each record's MaxMind encoding ({@link MmdbEncoder#record}, made at insert anyway to check
   * the value, map keys by number): about 65 bytes for a city record, where a frozen copy of its
   * maps cost about 950. Records stay in their insert order; the data section is built from them at write.
   */
  private final ByteChunks records = new ByteChunks();
  private final KeyDictionary keys = new KeyDictionary();
  private long[] recordAt = new long[64];
  private int recordCount;

  private final int ipVersion;
  private final String databaseType;
  private final Map<String, String> description = new TreeMap<>();
  private final List<String> languages = new ArrayList<>();
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
    byte[] encoded = MmdbEncoder.record(data, keys); // fails now, naming a bad value
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
    int leaf = -(record(encoded) + 1);
    byte[] bits = path(network);
    int prefix = prefixBits(network);
    if (prefix == 0) {
      release(rootSlot);
      rootSlot = leaf;
    } else {
      if (rootSlot <= 0) {
        rootSlot = split(rootSlot);
      }
      int n = descend(rootSlot, bits, prefix - 1);
      int b = bit(bits, prefix - 1);
      release(child(n, b));
      setChild(n, b, leaf);
    }
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
    // Temporary file + rename; the mode follows the umask (createTempFile forced 0600). The
    // file is streamed into it, never built in memory.
    try (AtomicFile f = AtomicFile.create(file)) {
      writeTo(f.stream());
      f.commit();
    } catch (IOException e) {
      throw AtomicFile.named(file, e);
    }
  }

  /** The complete file contents. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * Writes the file to {@code out}. The aliases are not made by copying the trie (which doubled
   * its memory): the leaves on the paths to ::/96 and to the alias parents are split in place,
   * which changes no address's data, and the two alias records are redirected while the tree is
   * numbered and written.
   */
  private void writeTo(OutputStream out) throws IOException {
    if (rootSlot <= 0) {
      rootSlot = split(rootSlot); // the tree needs at least one node
    }
    int mappedParent = 0;
    int sixParent = 0;
    int v4 = 0;
    if (ipVersion == 6 && ipv4Aliases) {
      byte[] zeros = new byte[16];
      int n = descend(rootSlot, zeros, 95);
      v4 = child(n, 0);
      mappedParent = descend(rootSlot, IPV4_MAPPED, 95);
      sixParent = descend(rootSlot, SIX_TO_FOUR.address().getAddress(),
          SIX_TO_FOUR.prefixLength() - 1);
    }
    int mappedBit = bit(IPV4_MAPPED, 95);
    int sixBit = bit(SIX_TO_FOUR.address().getAddress(), SIX_TO_FOUR.prefixLength() - 1);
    // Number inner nodes breadth-first; aliased nodes are numbered once.
    int[] id = new int[nodes];
    Arrays.fill(id, -1);
    int[] order = new int[nodes];
    int count = 0;
    order[count++] = rootSlot;
    id[rootSlot] = 0;
    for (int head = 0; head < count; head++) {
      int n = order[head];
      for (int b = 0; b < 2; b++) {
        int c = slot(n, b, mappedParent, mappedBit, sixParent, sixBit, v4);
        if (c > 0 && id[c] < 0) {
          id[c] = count;
          order[count++] = c;
        }
      }
    }
    long nodeCount = count;
    MmdbEncoder enc = new MmdbEncoder(keys);
    int[] offsets = new int[recordCount];
    Arrays.fill(offsets, -1);
    for (int k = 0; k < count; k++) {
      for (int b = 0; b < 2; b++) {
        int c = slot(order[k], b, mappedParent, mappedBit, sixParent, sixBit, v4);
        if (c < 0 && offsets[-(c + 1)] == -1) {
          offsets[-(c + 1)] = enc.store(records, recordAt[-(c + 1)]);
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
    OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    for (int k = 0; k < count; k++) {
      int n = order[k];
      long[] lr = new long[2];
      for (int b = 0; b < 2; b++) {
        int c = slot(n, b, mappedParent, mappedBit, sixParent, sixBit, v4);
        lr[b] = c > 0 ? id[c] : c == EMPTY ? nodeCount
            : nodeCount + 16 + (offsets[-(c + 1)] & 0xFFFF_FFFFL);
      }
      writeNode(buffered, size, lr[0], lr[1]);
    }
    id = null; // let the numbering go before the data section is copied out
    order = null;
    buffered.write(new byte[16]);
    enc.writeTo(buffered);
    buffered.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    buffered.write("MaxMind.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    buffered.write(MmdbEncoder.inline(metadata(nodeCount, size)));
    buffered.flush();
  }

  /** Child {@code b} of node {@code n}, with the two IPv4 alias records redirected to ::/96. */
  private int slot(int n, int b, int mappedParent, int mappedBit, int sixParent, int sixBit,
      int v4) {
    if ((n == mappedParent && b == mappedBit) || (n == sixParent && b == sixBit)) {
      return v4;
    }
    return child(n, b);
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

  private static void writeNode(OutputStream out, int size, long left, long right)
      throws IOException {
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

  /**
   * Walks from the inner node {@code from} along {@code bits}, splitting leaves, to the inner
   * node at depth {@code depth}.
   */
  private int descend(int from, byte[] bits, int depth) {
    int n = from;
    for (int d = 0; d < depth; d++) {
      int b = bit(bits, d);
      int c = child(n, b);
      if (c <= 0) {
        c = split(c);
        setChild(n, b, c);
      }
      n = c;
    }
    return n;
  }

  private int child(int n, int b) {
    return b == 0 ? left[n] : right[n];
  }

  private void setChild(int n, int b, int value) {
    if (b == 0) {
      left[n] = value;
    } else {
      right[n] = value;
    }
  }

  /** A new inner node whose two halves are the leaf {@code leaf}. */
  private int split(int leaf) {
    int n;
    if (free != 0) {
      n = free;
      free = left[n];
    } else {
      if (nodes == left.length) {
        if (nodes == Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("more than " + nodes + " search-tree nodes; split the"
              + " networks into several databases");
        }
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, nodes + (long) (nodes >> 1));
        left = Arrays.copyOf(left, grown);
        right = Arrays.copyOf(right, grown);
      }
      n = nodes++;
    }
    left[n] = leaf;
    right[n] = leaf;
    return n;
  }

  /** Puts the inner nodes under {@code slot} (a replaced subtree) on the free list. */
  private void release(int slot) {
    if (slot <= 0) {
      return;
    }
    release(left[slot]);
    release(right[slot]);
    left[slot] = free;
    right[slot] = EMPTY;
    free = slot;
  }

  /** Appends a record's encoding; returns its number. */
  private int record(byte[] encoded) {
    if (recordCount == recordAt.length) {
      recordAt = Arrays.copyOf(recordAt, recordCount + (recordCount >> 1));
    }
    recordAt[recordCount] = records.size();
    records.write(encoded, 0, encoded.length);
    return recordCount++;
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
}
