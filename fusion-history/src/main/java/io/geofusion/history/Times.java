package io.geofusion.history;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the times a user gives for history: an instant ({@code --since}) and a duration
 * (retention, or {@code --since 24h} meaning 24 hours before now).
 */
public final class Times {

  /** A whole number and a unit: s, m, h, d, w. */
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])");

  /** What every error message offers. */
  private static final String FORMS = "give an ISO-8601 instant (2026-12-07T03:00:00Z), a date"
      + " (2026-12-07, midnight UTC) or a duration before now (90s, 30m, 24h, 7d, 2w, PT36H)";

  private Times() {}

  /**
   * A duration: a whole number with a unit {@code s}, {@code m}, {@code h}, {@code d} (24 h)
   * or {@code w} (7 d), e.g. {@code 24h}, {@code 7d}; or ISO-8601 ({@code PT36H}, {@code P7D}).
   * Positive and at most 100 years.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration duration(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    } else if (t.startsWith("p")) {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeException e) {
        d = null;
      }
    }
    if (d == null) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: give a whole number"
          + " and a unit (90s, 30m, 24h, 7d, 2w) or ISO-8601 (PT36H)");
    }
    if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(36_525)) > 0) {
      throw new IllegalArgumentException("duration '" + text + "' must be positive and at most"
          + " 100 years");
    }
    return d;
  }

  /**
   * The instant {@code text} names: an ISO-8601 instant ({@code 2026-12-07T03:00:00Z}, an
   * offset such as {@code +01:00} is accepted), a date (midnight UTC), or a {@link #duration}
   * meaning that long before {@code now}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Instant since(String text, Instant now) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(now, "now");
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty time: " + FORMS);
    }
    if (t.length() > 10 && Character.isDigit(t.charAt(0)) && t.contains("T")) {
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant ("
            + e.getMessage() + "): " + FORMS);
      }
    }
    if (t.length() == 10 && t.charAt(4) == '-') {
      try {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("'" + text + "' is not a date: " + FORMS);
      }
    }
    Duration d;
    try {
      d = duration(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is neither a time nor a duration: "
          + FORMS);
    }
    return now.minus(d);
  }
}
