package io.geofusion.geoip;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict decoder for one MaxMind DB data section (MaxMind-DB-spec.md, "Output Data Section"),
 * used to validate files and to read metadata. Unlike a lenient reader it rejects, with the
 * offset: sizes past the section end, pointers to pointers, pointer cycles (by a nesting limit),
 * map keys that are not strings, invalid UTF-8, numbers longer than their type, the deprecated
 * types 12 and 13, and nesting deeper than {@value #MAX_DEPTH}.
 *
 * <p>Not thread-safe (it keeps a cursor); create one per use.
 */
final class MmdbDecoder {

  /** libmaxminddb's limit on data nesting (MMDB_MAXIMUM_DATA_STRUCTURE_DEPTH). */
  static final int MAX_DEPTH = 512;

  /** Thrown with the absolute file offset of the offending byte. */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;
    final long fileOffset;

    FormatException(long fileOffset, String message) {
      super(message);
      this.fileOffset = fileOffset;
    }
  }

  private final ByteBuffer buf;
  private final int base;
  private final int end;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final BitSet validated;
  private int pos;

  /** Decoder over {@code [base, end)} of {@code buf}; pointers are relative to {@code base}. */
  MmdbDecoder(ByteBuffer buf, int base, int end) {
    this.buf = buf;
    this.base = base;
    this.end = end;
    this.validated = new BitSet();
  }

  /** Decodes the value at section offset {@code offset} into Java objects. */
  Object decode(int offset) throws FormatException {
    pos = base + offset;
    return read(0, true);
  }

  /**
   * Checks the value at section offset {@code offset} without building it. Values reached
   * through pointers are checked once per decoder, so checking a whole database is linear in
   * the size of its data section.
   */
  void validate(int offset) throws FormatException {
    if (validated.get(offset)) {
      return;
    }
    pos = base + offset;
    read(0, false);
    validated.set(offset);
  }

  private Object read(int depth, boolean build) throws FormatException {
    if (depth > MAX_DEPTH) {
      throw fail(pos, "data nested deeper than " + MAX_DEPTH + " levels (a pointer cycle?)");
    }
    int start = pos;
    int ctrl = u8();
    int type = ctrl >>> 5;
    if (type == 1) {
      int target = pointer(ctrl);
      if (target < 0 || base + (long) target >= end) {
        throw fail(start, "pointer to offset " + target + " beyond the section");
      }
      int after = pos;
      int targetCtrl = buf.get(base + target) & 0xFF;
      if (targetCtrl >>> 5 == 1) {
        throw fail(start, "pointer to another pointer (offset " + target + ")");
      }
      Object v;
      if (!build && validated.get(target)) {
        v = null;
      } else {
        pos = base + target;
        v = read(depth + 1, build);
        if (!build) {
          validated.set(target);
        }
      }
      pos = after;
      return v;
    }
    if (type == 0) {
      int ext = u8();
      type = 7 + ext;
      if (type < 8 || type > 15) {
        throw fail(start, "extended type byte " + ext + " gives invalid type " + type);
      }
    }
    long size = ctrl & 0x1F;
    if (size == 29) {
      size = 29 + u8();
    } else if (size == 30) {
      size = 285 + ((u8() << 8) | u8());
    } else if (size == 31) {
      size = 65_821 + ((u8() << 16) | (u8() << 8) | u8());
    }
    switch (type) {
      case 2: {
        byte[] b = bytes(size, start);
        try {
          CharBuffer cb = utf8.decode(ByteBuffer.wrap(b));
          return build ? cb.toString() : null;
        } catch (CharacterCodingException e) {
          throw fail(start, "string is not valid UTF-8");
        }
      }
      case 3:
        if (size != 8) {
          throw fail(start, "double of size " + size + " (must be 8)");
        }
        return Double.longBitsToDouble(unsigned(8, start).longValue());
      case 4:
        return bytes(size, start);
      case 5:
        return uint(size, 2, start, "uint16").intValue();
      case 6:
        return uint(size, 4, start, "uint32").longValue();
      case 7: {
        Map<String, Object> map = build ? new LinkedHashMap<>() : null;
        for (long i = 0; i < size; i++) {
          int keyAt = pos;
          Object key = read(depth + 1, true);
          if (!(key instanceof String)) {
            throw fail(keyAt, "map key is not a UTF-8 string");
          }
          Object value = read(depth + 1, build);
          if (build) {
            map.put((String) key, value);
          }
        }
        return map;
      }
      case 8: {
        if (size > 4) {
          throw fail(start, "int32 of size " + size + " (at most 4)");
        }
        // Shorter than 4 bytes is always positive; 4 bytes carry the sign (two's complement).
        return (int) unsigned((int) size, start).longValue();
      }
      case 9:
        return uint(size, 8, start, "uint64");
      case 10:
        return uint(size, 16, start, "uint128");
      case 11: {
        List<Object> list = build ? new ArrayList<>() : null;
        for (long i = 0; i < size; i++) {
          if (pos >= end) {
            throw fail(pos, "array of " + size + " elements runs past the section end");
          }
          Object v = read(depth + 1, build);
          if (build) {
            list.add(v);
          }
        }
        return list;
      }
      case 14:
        if (size > 1) {
          throw fail(start, "boolean of size " + size + " (must be 0 or 1)");
        }
        return size == 1;
      case 15:
        if (size != 4) {
          throw fail(start, "float of size " + size + " (must be 4)");
        }
        return Float.intBitsToFloat(unsigned(4, start).intValue());
      default:
        throw fail(start, "type " + type + " is deprecated or unknown and not allowed");
    }
  }

  private int pointer(int ctrl) throws FormatException {
    int ss = (ctrl >>> 3) & 0x3;
    int vvv = ctrl & 0x7;
    switch (ss) {
      case 0:
        return (vvv << 8) | u8();
      case 1:
        return ((vvv << 16) | (u8() << 8) | u8()) + 2048;
      case 2:
        return ((vvv << 24) | (u8() << 16) | (u8() << 8) | u8()) + 526_336;
      default:
        long v = ((long) u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
  }

  private BigInteger uint(long size, int max, int start, String name) throws FormatException {
    if (size > max) {
      throw fail(start, name + " of size " + size + " (at most " + max + ")");
    }
    return unsigned((int) size, start);
  }

  private BigInteger unsigned(int size, int start) throws FormatException {
    return new BigInteger(1, bytes(size, start));
  }

  private byte[] bytes(long size, int start) throws FormatException {
    if (size > end - pos) {
      throw fail(start, "value of " + size + " bytes runs past the section end");
    }
    byte[] b = new byte[(int) size];
    buf.get(pos, b);
    pos += (int) size;
    return b;
  }

  private int u8() throws FormatException {
    if (pos >= end) {
      throw fail(pos, "value runs past the section end");
    }
    return buf.get(pos++) & 0xFF;
  }

  private static FormatException fail(int absolute, String message) {
    return new FormatException(absolute, message);
  }
}
