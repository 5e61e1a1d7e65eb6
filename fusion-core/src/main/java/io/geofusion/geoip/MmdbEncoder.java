package io.geofusion.geoip;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
  private static final int MAX_DEPTH = MmdbDecoder.MAX_DEPTH - 1;
  private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final Map<ByteBuffer, Integer> stored = new HashMap<>();

  /** Stores {@code value} (once) and returns its offset in the data section. */
  int store(Object value) {
    return store(value, 0);
  }

  int size() {
    return data.size();
  }

  byte[] bytes() {
    return data.toByteArray();
  }

  /** The standalone encoding of {@code value} without pointers (for the metadata section). */
  static byte[] inline(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MmdbEncoder().encode(value, out, 0, false);
    return out.toByteArray();
  }

  private int store(Object value, int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(value, out, depth, true);
    ByteBuffer key = ByteBuffer.wrap(out.toByteArray());
    Integer at = stored.get(key);
    if (at == null) {
      at = data.size();
      if ((long) at + key.capacity() > 0xFFFF_FFFFL - 16) {
        throw new IllegalStateException("data section exceeds the 4 GiB a MaxMind DB can address");
      }
      data.writeBytes(key.array());
      stored.put(key, at);
    }
    return at;
  }

  /** Encodes a child: by pointer when it is worth sharing, inline otherwise. */
  private void child(Object value, ByteArrayOutputStream out, int depth, boolean share) {
    boolean big = value instanceof Map || value instanceof List
        || (value instanceof String && ((String) value).length() >= 4)
        || (value instanceof byte[] && ((byte[]) value).length >= 4);
    if (share && big) {
      pointer(store(value, depth), out);
    } else {
      encode(value, out, depth, share);
    }
  }

  private void encode(Object v, ByteArrayOutputStream out, int depth, boolean share) {
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
        child(e.getKey(), out, depth + 1, share);
        child(e.getValue(), out, depth + 1, share);
      }
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      header(11, list.size(), out);
      for (Object o : list) {
        child(o, out, depth + 1, share);
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
