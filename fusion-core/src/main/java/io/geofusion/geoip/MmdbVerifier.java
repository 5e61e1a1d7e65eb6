package io.geofusion.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Map;

/**
 * Structural checks of a MaxMind DB file against MaxMind-DB-spec.md, in the spirit of Go's
 * {@code maxminddb.Reader.Verify}: metadata keys and types, search tree, separator, and (for a
 * full check) every data record the tree reaches.
 *
 * <p>Metadata checks ({@link #checkMetadata}) are cheap and run on every open. The full check
 * ({@link #verify}) visits every node and decodes every reachable record once: linear in the
 * file size (about a second for a 60 MB GeoLite2-City). Files over 2 GiB are not checked here
 * (the mapping API is int-indexed); MaxMind's reader still guards its own reads.
 */
final class MmdbVerifier {

  private static final byte[] MARKER =
      "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);
  private static final int METADATA_MAX = 128 * 1024;
  /** 9999-12-31T23:59:59Z: a build epoch past that is a corrupt value, not a date. */
  static final long MAX_PLAUSIBLE_EPOCH = 253_402_300_799L;

  /** What the checks learned; sizes in bytes. */
  record Layout(long nodeCount, int recordSize, int ipVersion, String databaseType,
      long treeSize, long dataStart, long dataEnd) {}

  private final Path file;
  private final ByteBuffer buf;

  private volatile Layout layout;

  private MmdbVerifier(Path file, ByteBuffer buf) {
    this.file = file;
    this.buf = buf;
  }

  /** Maps the file, or returns null when it is too large for the int-indexed checks. */
  static MmdbVerifier open(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        return null;
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return new MmdbVerifier(file, m);
    }
  }

  /** Checks the metadata section and the section sizes it implies. */
  Layout checkMetadata() throws DatabaseCorruptException {
    int size = buf.limit();
    int marker = lastMarker(size);
    if (marker < 0) {
      throw new DatabaseCorruptException(file, "no metadata marker \\xAB\\xCD\\xEFMaxMind.com in"
          + " the last 128 KiB: not a MaxMind DB file", null);
    }
    int metaStart = marker + MARKER.length;
    Object decoded;
    try {
      decoded = new MmdbDecoder(buf, metaStart, size).decode(0);
    } catch (MmdbDecoder.FormatException e) {
      throw new DatabaseCorruptException(file, e.fileOffset, "metadata: " + e.getMessage(), null);
    }
    if (!(decoded instanceof Map)) {
      throw new DatabaseCorruptException(file, metaStart, "metadata is not a map", null);
    }
    Map<?, ?> meta = (Map<?, ?>) decoded;
    long major = number(meta, "binary_format_major_version", metaStart);
    if (major != 2) {
      throw new DatabaseCorruptException(file, metaStart, "binary_format_major_version " + major
          + " (only 2 is defined)", null);
    }
    number(meta, "binary_format_minor_version", metaStart);
    long nodeCount = number(meta, "node_count", metaStart);
    long recordSize = number(meta, "record_size", metaStart);
    long ipVersion = number(meta, "ip_version", metaStart);
    Object epoch = meta.get("build_epoch");
    if (!(epoch instanceof BigInteger)) {
      throw missing("build_epoch", "uint64", metaStart);
    }
    if (((BigInteger) epoch).compareTo(BigInteger.valueOf(MAX_PLAUSIBLE_EPOCH)) > 0) {
      throw new DatabaseCorruptException(file, metaStart, "build_epoch " + epoch
          + " is past the year 9999 (not a Unix time)", null);
    }
    Object type = meta.get("database_type");
    if (!(type instanceof String)) {
      throw missing("database_type", "utf8_string", metaStart);
    }
    if (meta.containsKey("languages") && !(meta.get("languages") instanceof java.util.List)) {
      throw missing("languages", "array", metaStart);
    }
    if (meta.containsKey("description") && !(meta.get("description") instanceof Map)) {
      throw missing("description", "map", metaStart);
    }
    if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
      throw new DatabaseCorruptException(file, metaStart, "record_size " + recordSize
          + " (24, 28 or 32 expected)", null);
    }
    if (ipVersion != 4 && ipVersion != 6) {
      throw new DatabaseCorruptException(file, metaStart, "ip_version " + ipVersion
          + " (4 or 6 expected)", null);
    }
    long treeSize = nodeCount * recordSize / 4;
    if (nodeCount == 0 || treeSize + 16 > marker) {
      throw new DatabaseCorruptException(file, metaStart, "node_count " + nodeCount + " implies a "
          + treeSize + "-byte search tree, but the data ends at byte " + marker, null);
    }
    layout = new Layout(nodeCount, (int) recordSize, (int) ipVersion, (String) type, treeSize,
        treeSize + 16, marker);
    return layout;
  }

  /**
   * Walks the search-tree path of one address, as a lookup does, and fails when the path comes
   * back to a node it passed (a loop, even one the path leaves again for an empty record) or is
   * still inside the tree after every bit of the address (a loop it never leaves, or a tree
   * deeper than 32/128 bits). MaxMind's reader stops after the address's bits and reports such
   * paths as a miss, so a looping database answered nothing, silently. At most 96 + 128 node
   * reads; call after {@link #checkMetadata}.
   */
  void checkPath(InetAddress address) throws DatabaseCorruptException {
    Layout l = layout;
    byte[] raw = address.getAddress();
    long n = l.nodeCount();
    long[] path = new long[96 + 128];
    int steps = 0;
    long highest = 0;
    long node = 0;
    int bits = raw.length * 8;
    int lead = l.ipVersion() == 6 && raw.length == 4 ? 96 : 0; // IPv4 lives under ::/96
    for (int i = 0; i < lead + bits && node < n; i++) {
      path[steps++] = node;
      int bit = i < lead ? 0 : ((raw[(i - lead) >> 3] & 0xFF) >> (7 - ((i - lead) & 7))) & 1;
      node = record((int) node, bit, l.recordSize());
      // A well-formed path never comes back to a node. Writers number nodes breadth-first
      // (children above parents), so only a step to a lower number needs the look back.
      if (node < n && node <= highest) {
        for (int k = 0; k < steps; k++) {
          if (path[k] == node) {
            throw new DatabaseCorruptException(file, "the search-tree path of "
                + address.getHostAddress() + " comes back to node " + node + " after " + steps
                + " steps: the tree loops; geofusion geoip verify " + file + " shows where",
                null);
          }
        }
      }
      highest = Math.max(highest, node);
    }
    if (node < n) {
      throw new DatabaseCorruptException(file, "the search-tree path of "
          + address.getHostAddress() + " does not end after its " + bits + " bits (it is at"
          + " node " + node + "): the tree loops or is deeper than an address; geofusion geoip"
          + " verify " + file + " shows where", null);
    }
  }

  /**
   * Full check: metadata, then a depth-first walk of the tree that rejects cycles, records that
   * point at the root or into the 16-byte separator or past the data section, paths longer than
   * the address width and unreachable nodes; the separator's 16 zero bytes; and a strict decode
   * of every data record reached.
   */
  Layout verify() throws DatabaseCorruptException {
    Layout l = checkMetadata();
    int n = (int) l.nodeCount();
    for (long i = l.treeSize(); i < l.dataStart(); i++) {
      if (buf.get((int) i) != 0) {
        throw new DatabaseCorruptException(file, i, "data section separator is not 16 zero bytes",
            null);
      }
    }
    MmdbDecoder data = new MmdbDecoder(buf, (int) l.dataStart(), (int) l.dataEnd());
    long dataSize = l.dataEnd() - l.dataStart();
    int maxDepth = l.ipVersion() == 6 ? 128 : 32;
    BitSet grey = new BitSet(n);
    BitSet black = new BitSet(n);
    // Iterative DFS: stack of node ids and the child (0 left, 1 right, 2 done) to visit next.
    int[] stackNode = new int[maxDepth + 1];
    int[] stackNext = new int[maxDepth + 1];
    int sp = 0;
    stackNode[0] = 0;
    stackNext[0] = 0;
    grey.set(0);
    while (sp >= 0) {
      int node = stackNode[sp];
      int side = stackNext[sp];
      if (side == 2) {
        grey.clear(node);
        black.set(node);
        sp--;
        continue;
      }
      stackNext[sp] = side + 1;
      long rec = record(node, side, l.recordSize());
      long at = (long) node * l.recordSize() / 4;
      if (rec < n) {
        if (rec == 0) {
          throw new DatabaseCorruptException(file, at, "search tree node " + node
              + " points back to the root node", null);
        }
        if (grey.get((int) rec)) {
          throw new DatabaseCorruptException(file, at, "search tree has a cycle through node "
              + rec, null);
        }
        if (black.get((int) rec)) {
          continue; // an alias such as ::ffff:0:0/96 -> IPv4 subtree: already checked
        }
        if (sp + 1 >= maxDepth) {
          throw new DatabaseCorruptException(file, at, "search tree deeper than " + maxDepth
              + " bits", null);
        }
        sp++;
        stackNode[sp] = (int) rec;
        stackNext[sp] = 0;
        grey.set((int) rec);
      } else if (rec > n) {
        long off = rec - n - 16;
        if (off < 0 || off >= dataSize) {
          throw new DatabaseCorruptException(file, at, "search tree record " + rec + " of node "
              + node + " points " + (off < 0 ? "into the separator" : "past the data section"),
              null);
        }
        try {
          data.validate((int) off);
        } catch (MmdbDecoder.FormatException e) {
          throw new DatabaseCorruptException(file, e.fileOffset, "data record: " + e.getMessage(),
              null);
        }
      }
    }
    int reached = black.cardinality();
    if (reached != n) {
      throw new DatabaseCorruptException(file, 0, (n - reached) + " of " + n
          + " search tree nodes are unreachable from the root (wrong node_count?)", null);
    }
    return l;
  }

  private long record(int node, int side, int recordSize) {
    switch (recordSize) {
      case 24: {
        int o = node * 6 + side * 3;
        return ((buf.get(o) & 0xFFL) << 16) | ((buf.get(o + 1) & 0xFF) << 8) | (buf.get(o + 2) & 0xFF);
      }
      case 28: {
        int o = node * 7;
        int middle = buf.get(o + 3) & 0xFF;
        if (side == 0) {
          return ((long) (middle & 0xF0) << 20) | ((buf.get(o) & 0xFF) << 16)
              | ((buf.get(o + 1) & 0xFF) << 8) | (buf.get(o + 2) & 0xFF);
        }
        return ((long) (middle & 0x0F) << 24) | ((buf.get(o + 4) & 0xFF) << 16)
            | ((buf.get(o + 5) & 0xFF) << 8) | (buf.get(o + 6) & 0xFF);
      }
      default: {
        int o = node * 8 + side * 4;
        return buf.getInt(o) & 0xFFFF_FFFFL;
      }
    }
  }

  private int lastMarker(int size) {
    int lowest = Math.max(0, size - METADATA_MAX);
    for (int i = size - MARKER.length; i >= lowest; i--) {
      boolean match = true;
      for (int j = 0; j < MARKER.length && match; j++) {
        match = buf.get(i + j) == MARKER[j];
      }
      if (match) {
        return i;
      }
    }
    return -1;
  }

  private long number(Map<?, ?> meta, String key, int at) throws DatabaseCorruptException {
    Object v = meta.get(key);
    if (v instanceof Integer) {
      return (Integer) v;
    }
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 63) {
      return ((BigInteger) v).longValue();
    }
    throw missing(key, "unsigned integer", at);
  }

  private DatabaseCorruptException missing(String key, String type, int at) {
    return new DatabaseCorruptException(file, at, "metadata key '" + key + "' missing or not a "
        + type, null);
  }
}
