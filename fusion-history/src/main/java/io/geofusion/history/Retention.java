package io.geofusion.history;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much history {@link HistoryStore#applyRetention()} keeps: rows younger than {@code maxAge}
 * and, per address and per kind (measurements, locations), the newest {@code maxRowsPerAddress}.
 * Both limits apply when both are set; neither by default ({@link #keepAll()}).
 *
 * @param maxAge rows recorded longer ago than this are deleted; empty: no age limit
 * @param maxRowsPerAddress per address, only the newest this many measurements and this many
 *     locations are kept; empty: no count limit
 */
public record Retention(Optional<Duration> maxAge, OptionalInt maxRowsPerAddress) {

  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxRowsPerAddress, "maxRowsPerAddress");
    maxAge.ifPresent(a -> {
      if (a.isNegative() || a.isZero()) {
        throw new IllegalArgumentException("retention max age must be positive, got " + a);
      }
    });
    maxRowsPerAddress.ifPresent(n -> {
      if (n < 1) {
        throw new IllegalArgumentException("retention max rows per address must be >= 1, got "
            + n);
      }
    });
  }

  /** No limit: everything is kept. */
  public static Retention keepAll() {
    return new Retention(Optional.empty(), OptionalInt.empty());
  }

  /** This retention with rows older than {@code age} deleted. */
  public Retention withMaxAge(Duration age) {
    return new Retention(Optional.of(Objects.requireNonNull(age, "age")), maxRowsPerAddress);
  }

  /** This retention keeping only the newest {@code n} rows of each kind per address. */
  public Retention withMaxRowsPerAddress(int n) {
    return new Retention(maxAge, OptionalInt.of(n));
  }

  /** Whether this retention deletes anything ever. */
  public boolean limited() {
    return maxAge.isPresent() || maxRowsPerAddress.isPresent();
  }

  /**
   * What one {@link HistoryStore#applyRetention()} deleted.
   *
   * @param measurements measurement rows deleted
   * @param locations location rows deleted
   */
  public record Outcome(long measurements, long locations) {}
}
