package io.geofusion.fusion;

import java.util.Locale;
import java.util.Objects;

/**
 * Evidence that does not fit together.
 *
 * @param type what does not fit
 * @param interpretation what it most likely means
 * @param severity how strong the evidence is, in [0, 1]
 * @param detail one sentence with the numbers (vantage, distances) behind the alert
 */
public record FusionAlert(Type type, Interpretation interpretation, double severity,
    String detail) {

  /** What does not fit; {@link #jsonName()} is the {@code type} of an alert in JSON. */
  public enum Type {
    /** GeoIP lies outside the RTT-feasible region. */
    LOCATION_INCONSISTENCY,
    /** Feasible disks of different vantages cannot intersect. */
    ANYCAST;

    /** The snake_case name used in JSON and text output, e.g. {@code location_inconsistency}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type with this JSON name.
     *
     * @throws IllegalArgumentException naming the accepted values, for any other name
     */
    public static Type fromJsonName(String name) {
      return FusionAlert.fromJsonName(Type.class, name, "alert type");
    }
  }

  /**
   * What an alert most likely means; {@link #jsonName()} is the {@code interpretation} of an
   * alert in JSON.
   */
  public enum Interpretation {
    /** Announced from several places, or several hosts behind one address. */
    ANYCAST_OR_MULTIPLE_SITES,
    /** The address is a VPN exit or proxy, so GeoIP places its operator, not its user. */
    VPN_OR_PROXY;

    /** The snake_case name used in JSON and text output, e.g. {@code vpn_or_proxy}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The interpretation with this JSON name.
     *
     * @throws IllegalArgumentException naming the accepted values, for any other name
     */
    public static Interpretation fromJsonName(String name) {
      return FusionAlert.fromJsonName(Interpretation.class, name, "alert interpretation");
    }
  }

  public FusionAlert {
    Objects.requireNonNull(type, "alert type must not be null");
    Objects.requireNonNull(interpretation, "alert interpretation must not be null");
    Objects.requireNonNull(detail, "alert detail must not be null");
    if (!(severity >= 0.0 && severity <= 1.0)) {
      throw new IllegalArgumentException("alert severity must be in [0, 1], got " + severity);
    }
  }

  private static <E extends Enum<E>> E fromJsonName(Class<E> type, String name, String what) {
    Objects.requireNonNull(name, what + " must not be null");
    StringBuilder known = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      String json = e.name().toLowerCase(Locale.ROOT);
      if (json.equals(name)) {
        return e;
      }
      known.append(known.length() == 0 ? "" : ", ").append(json);
    }
    throw new IllegalArgumentException(what + " '" + name + "' is not one of " + known);
  }
}
