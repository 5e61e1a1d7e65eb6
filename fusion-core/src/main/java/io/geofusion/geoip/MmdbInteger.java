package io.geofusion.geoip;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An integer with an explicit MaxMind DB type, for {@link MmdbWriter} values whose wire type
 * matters (GeoIP2 readers expect {@code accuracy_radius} as uint16 and {@code geoname_id} as
 * uint32). Plain Java numbers map as follows: {@link Integer} → int32, {@link Long} in [0, 2³²) →
 * uint32, {@link BigInteger} → uint64 below 2⁶⁴, else uint128.
 *
 * <p>The generic {@code com.maxmind.db.Reader} reads uint16 and int32 back as {@link Integer},
 * uint32 as {@link Long}, uint64 and uint128 as {@link BigInteger}.
 *
 * @param type the MaxMind DB integer type
 * @param value the value, within the type's range
 */
public record MmdbInteger(Type type, BigInteger value) {

  /** The five MaxMind DB integer types with their spec type numbers. */
  public enum Type {
    UINT16(5, 16), UINT32(6, 32), INT32(8, 32), UINT64(9, 64), UINT128(10, 128);

    final int code;
    final int bits;

    Type(int code, int bits) {
      this.code = code;
      this.bits = bits;
    }
  }

  public MmdbInteger {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    BigInteger min = type == Type.INT32 ? BigInteger.valueOf(Integer.MIN_VALUE) : BigInteger.ZERO;
    BigInteger max = type == Type.INT32 ? BigInteger.valueOf(Integer.MAX_VALUE)
        : BigInteger.ONE.shiftLeft(type.bits).subtract(BigInteger.ONE);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(type + " must be in [" + min + ", " + max + "], got "
          + value);
    }
  }

  public static MmdbInteger uint16(int value) {
    return new MmdbInteger(Type.UINT16, BigInteger.valueOf(value));
  }

  public static MmdbInteger uint32(long value) {
    return new MmdbInteger(Type.UINT32, BigInteger.valueOf(value));
  }

  public static MmdbInteger int32(int value) {
    return new MmdbInteger(Type.INT32, BigInteger.valueOf(value));
  }

  public static MmdbInteger uint64(BigInteger value) {
    return new MmdbInteger(Type.UINT64, value);
  }

  public static MmdbInteger uint128(BigInteger value) {
    return new MmdbInteger(Type.UINT128, value);
  }
}
