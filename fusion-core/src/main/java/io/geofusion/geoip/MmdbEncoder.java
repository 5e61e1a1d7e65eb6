package io.geofusion.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes values into a MaxMind DB data section (MaxMind-DB-spec.md, "Output Data Section") with
 * deduplication: every map, array, and string or byte string of 4 bytes or more is stored once
 * and referenced by pointer wherever it recurs, as MaxMind's own databases do. Map keys are
 * written in sorted order so that equal inputs give byte-identical files. Not thread-safe.
 */
final class MmdbEncoder {

  /** Largest payload size the control byte can express: 65,821 + 2²⁴ − 1. */
  static final int MAX_SIZE = 16_843_036;
  private static final int POINTER = 1;
  private static final int STRING = 2;
  private static final int BYTES = 4;
  private static final int MAP = 7;
  private static final int ARRAY = 11;
  private static final int BOOLEAN = 14;
  private static final int MAX_DEPTH = MmdbDecoder.MAX_DEPTH - 1;
  private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private final ByteChunks data = new ByteChunks();
  /**
   * The dedup table: open addressing over the offsets of the stored values, each compared
   * against the data section itself (-1 = empty). About 8 bytes per stored value at most, where
   * a map of byte buffers cost about 150 (docs/evaluation.md).
   */
  private int[] table = empty(1 << 12);
  private int entries;
  /** Where the element last read by {@link #store(ByteChunks, long)} ends in its source. */
  private long end;

  /** The keys that records refer to by number; see {@link #record}. */
  private final KeyDictionary keys;

  MmdbEncoder(KeyDictionary keys) {
    this.keys = keys;
  }

  /**
   * Stores the value whose {@link #record} encoding starts at {@code pos} of {@code src} (once;
   * its maps, arrays and strings of 4 characters or more are stored once too, and referenced by
   * pointer) and returns its offset in the data section. The result is what storing the decoded
   * value would give, byte for byte, without decoding it.
   */
  int store(ByteChunks src, long pos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long h = header(src, pos);
    int type = (int) (h >>> 40);
    int size = (int) h;
    long p = pos + ((h >>> 32) & 0xFF);
    for (long q = pos; q < p; q++) {
      out.write(src.get(q));
    }
    if (type == MAP || type == ARRAY) {
      long children = type == MAP ? 2L * size : size;
      for (long i = 0; i < children; i++) {
        p = child(src, p, out);
      }
    } else {
      for (long q = p; q < p + payload(type, size); q++) {
        out.write(src.get(q));
      }
      p += payload(type, size);
    }
    end = p;
    return intern(out.toByteArray());
  }

  long size() {
    return data.size();
  }

  /** Writes the data section. */
  void writeTo(OutputStream out) throws IOException {
    data.writeTo(out);
  }

  /** The standalone encoding of {@code value} without pointers (for the metadata section). */
  static byte[] inline(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(value, out, 0, null);
    return out.toByteArray();
  }

  /**
   * {@link #inline}, except that map keys found in (or added to) {@code keys} are written as
   * 2-byte pointers holding the key's number: a record's compact form while it waits in the
   * writer (a city record: about 65 bytes instead of 130). Only {@link #store(ByteChunks, long)}
   * reads it.
   */
  static byte[] record(Object value, KeyDictionary keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(value, out, 0, keys);
    return out.toByteArray();
  }

  /** Copies the element at {@code p} into {@code out}, by pointer when it is worth sharing. */
  private long child(ByteChunks src, long p, ByteArrayOutputStream out) {
    int ctrl = src.get(p) & 0xFF;
    if (ctrl >>> 5 == POINTER) { // a key's number (record form)
      int id = (ctrl & 7) << 8 | (src.get(p + 1) & 0xFF);
      child(keys.encodings(), keys.at(id), out);
      return p + 2;
    }
    long h = header(src, p);
    int type = (int) (h >>> 40);
    int size = (int) h;
    long q = p + ((h >>> 32) & 0xFF);
    boolean big = type == MAP || type == ARRAY || (type == STRING && chars(src, q, size) >= 4)
        || (type == BYTES && size >= 4);
    if (big) {
      pointer(store(src, p), out);
      return end;
    }
    long stop = q + payload(type, size);
    for (long i = p; i < stop; i++) {
      out.write(src.get(i));
    }
    return stop;
  }

  /** The offset of {@code key} in the data section, appending it when it is not there yet. */
  private int intern(byte[] key) {
    int mask = table.length - 1;
    int i = hash(key, key.length) & mask;
    for (int at; (at = table[i]) != -1; i = (i + 1) & mask) {
      if (data.equalsAt(at & 0xFFFF_FFFFL, key, key.length)) {
        return at;
      }
    }
    long at = data.size();
    if (at + key.length > 0xFFFF_FFFFL - 16) {
      throw new IllegalStateException("data section exceeds the 4 GiB a MaxMind DB can address");
    }
    data.write(key, 0, key.length);
    table[i] = (int) at;
    if (++entries > table.length / 4 * 3) { // 75 % full: short probe runs, 5.3 B a value
      grow();
    }
    return (int) at;
  }

  private void grow() {
    int[] old = table;
    table = empty(old.length * 2);
    int mask = table.length - 1;
    byte[] scratch = new byte[64];
    for (int at : old) {
      if (at == -1) {
        continue;
      }
      long from = at & 0xFFFF_FFFFL;
      int len = (int) (skip(data, from) - from);
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, scratch.length * 2)];
      }
      data.copy(from, scratch, len);
      int i = hash(scratch, len) & mask;
      while (table[i] != -1) {
        i = (i + 1) & mask;
      }
      table[i] = at;
    }
  }

  private static int[] empty(int capacity) {
    int[] t = new int[capacity];
    Arrays.fill(t, -1);
    return t;
  }

  /**
   * FNV-1a, then MurmurHash3's 32-bit finaliser. The finaliser matters: the encodings of {@code
   * City1}, {@code City2}, … differ in their last bytes only, and without a mix their hashes
   * fall into one run of the table, which made a build of a million of them never end.
   */
  private static int hash(byte[] b, int len) {
    int h = 0x811C_9DC5;
    for (int i = 0; i < len; i++) {
      h = (h ^ (b[i] & 0xFF)) * 0x0100_0193;
    }
    h ^= h >>> 16;
    h *= 0x85EB_CA6B;
    h ^= h >>> 13;
    h *= 0xC2B2_AE35;
    return h ^ (h >>> 16);
  }

  /** Where the element (or pointer) at {@code p} ends. */
  private static long skip(ByteChunks d, long p) {
    int ctrl = d.get(p) & 0xFF;
    if (ctrl >>> 5 == POINTER) {
      return p + 1 + ((ctrl >>> 3) & 3) + 1;
    }
    long h = header(d, p);
    int type = (int) (h >>> 40);
    int size = (int) h;
    p += (h >>> 32) & 0xFF;
    if (type == MAP || type == ARRAY) {
      long children = type == MAP ? 2L * size : size;
      for (long i = 0; i < children; i++) {
        p = skip(d, p);
      }
      return p;
    }
    return p + payload(type, size);
  }

  /**
   * The control byte (and extended type and size bytes) of the element at {@code p}, packed as
   * type {@code << 40 |} header length {@code << 32 |} size; not for pointers.
   */
  private static long header(ByteChunks d, long p) {
    int ctrl = d.get(p) & 0xFF;
    int type = ctrl >>> 5;
    int len = 1;
    if (type == 0) {
      type = 7 + (d.get(p + len++) & 0xFF);
    }
    int size = ctrl & 0x1F;
    if (size >= 29) {
      int v = 0;
      for (int i = 0; i < size - 28; i++) {
        v = v << 8 | (d.get(p + len++) & 0xFF);
      }
      size = v + (size == 29 ? 29 : size == 30 ? 285 : 65_821);
    }
    return (long) type << 40 | (long) len << 32 | size;
  }

  /** Payload bytes of a non-container element: a boolean's size is its value. */
  private static int payload(int type, int size) {
    return type == BOOLEAN ? 0 : size;
  }

  /** UTF-16 length of the UTF-8 string at {@code p} (as {@code String.length()} counts). */
  private static int chars(ByteChunks d, long p, int bytes) {
    int n = 0;
    for (int i = 0; i < bytes; i++) {
      int b = d.get(p + i) & 0xFF;
      if ((b & 0xC0) != 0x80) {
        n += b >= 0xF0 ? 2 : 1; // a 4-byte sequence is a surrogate pair
      }
    }
    return n;
  }

  private static void encode(Object v, ByteArrayOutputStream out, int depth,
      KeyDictionary keys) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH
          + " levels (readers reject that; is there a cycle?)");
    }
    if (v == null) {
      throw new IllegalArgumentException("null is not a MaxMind DB value; leave the key out");
    } else if (v instanceof String) {
      byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
      header(2, b.length, out);
      out.writeBytes(b);
    } else if (v instanceof Double) {
      header(3, 8, out);
      out.writeBytes(ByteBuffer.allocate(8).putDouble((Double) v).array());
    } else if (v instanceof Float) {
      header(15, 4, out);
      out.writeBytes(ByteBuffer.allocate(4).putFloat((Float) v).array());
    } else if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      header(4, b.length, out);
      out.writeBytes(b);
    } else if (v instanceof Boolean) {
      header(14, (Boolean) v ? 1 : 0, out);
    } else if (v instanceof Integer) {
      integer(new MmdbInteger(MmdbInteger.Type.INT32, BigInteger.valueOf((Integer) v)), out);
    } else if (v instanceof Long) {
      long l = (Long) v;
      if (l < 0 || l > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("Long " + l + " is outside uint32 [0, 4294967295];"
            + " use MmdbInteger.uint64/int32 or a BigInteger");
      }
      integer(MmdbInteger.uint32(l), out);
    } else if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      integer(b.compareTo(UINT64_LIMIT) < 0 && b.signum() >= 0 ? MmdbInteger.uint64(b)
          : MmdbInteger.uint128(b), out);
    } else if (v instanceof MmdbInteger) {
      integer((MmdbInteger) v, out);
    } else if (v instanceof Map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
        }
        sorted.put((String) e.getKey(), e.getValue());
      }
      header(7, sorted.size(), out);
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        int id = keys == null ? -1 : keys.id(e.getKey());
        if (id >= 0) {
          pointer(id, out);
        } else {
          encode(e.getKey(), out, depth + 1, keys);
        }
        encode(e.getValue(), out, depth + 1, keys);
      }
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      header(11, list.size(), out);
      for (Object o : list) {
        encode(o, out, depth + 1, keys);
      }
    } else {
      throw new IllegalArgumentException("cannot store " + v.getClass().getName() + " (" + v
          + ") in a MaxMind DB: use String, Double, Float, Boolean, Integer, Long, BigInteger,"
          + " MmdbInteger, byte[], Map<String,?> or List<?>");
    }
  }

  private static void integer(MmdbInteger i, ByteArrayOutputStream out) {
    byte[] raw;
    if (i.type() == MmdbInteger.Type.INT32 && i.value().signum() < 0) {
      raw = ByteBuffer.allocate(4).putInt(i.value().intValue()).array();
    } else {
      raw = i.value().toByteArray();
      int skip = 0;
      while (skip < raw.length && raw[skip] == 0) {
        skip++; // minimal big-endian form: a length of zero means the number 0
      }
      raw = java.util.Arrays.copyOfRange(raw, skip, raw.length);
    }
    header(i.type().code, raw.length, out);
    out.writeBytes(raw);
  }

  private static void header(int type, int size, ByteArrayOutputStream out) {
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException("value of size " + size + " exceeds the MaxMind DB limit "
          + MAX_SIZE);
    }
    int first = type <= 7 ? type << 5 : 0;
    byte[] extra;
    if (size < 29) {
      first |= size;
      extra = new byte[0];
    } else if (size < 285) {
      first |= 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      first |= 30;
      int s = size - 285;
      extra = new byte[] {(byte) (s >>> 8), (byte) s};
    } else {
      first |= 31;
      int s = size - 65_821;
      extra = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
    }
    out.write(first);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  private static void pointer(int offset, ByteArrayOutputStream out) {
    long p = offset & 0xFFFF_FFFFL;
    if (p < 2048) {
      out.write(0x20 | (int) (p >>> 8));
      out.write((int) p);
    } else if (p < 526_336) {
      long q = p - 2048;
      out.write(0x20 | (1 << 3) | (int) (q >>> 16));
      out.write((int) (q >>> 8));
      out.write((int) q);
    } else if (p < 134_744_064) {
      long q = p - 526_336;
      out.write(0x20 | (2 << 3) | (int) (q >>> 24));
      out.write((int) (q >>> 16));
      out.write((int) (q >>> 8));
      out.write((int) q);
    } else {
      out.write(0x20 | (3 << 3));
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) p).array());
    }
  }
}
