package io.geofusion.fusion;

import java.util.Locale;

/**
 * What kind of host the target is, because that changes how its location must be read
 * (docs/architecture.md §2 item 6). Each label carries the {@link ClassPrior} the engine applies by
 * default.
 */
public enum HostClass {
  /** Behind a mobile carrier's centralised NAT: the address is where the gateway is. */
  MOBILE_CARRIER_NAT(new ClassPrior(0.5, 3.0, 0.0)),
  /** A CDN edge: very close to its users, GeoIP usually right at city level. */
  CDN_EDGE(new ClassPrior(1.0, 1.0, 0.0)),
  /** Announced from many places: one location does not exist. */
  ANYCAST(new ClassPrior(0.2, 1.0, 0.0)),
  /** A VPN or proxy exit: RTT and GeoIP disagree; trust RTT. */
  VPN_EXIT(new ClassPrior(0.1, 1.0, 0.0)),
  /**
   * A satellite terminal (e.g. Starlink): a bent-pipe hop adds about 20 ms of RTT that is not
   * terrestrial distance, and the terminal may move (and is often rural: no population prior).
   */
  SATELLITE(new ClassPrior(0.5, 2.0, 20.0, false)),
  /** In a data centre: GeoIP usually right, RTT clean. */
  HOSTING(new ClassPrior(1.0, 1.0, 0.0)),
  /** A residential access line: last-mile delay, GeoIP at city level. */
  RESIDENTIAL(new ClassPrior(1.0, 1.0, 0.0)),
  /** Nothing known: no adjustment. */
  UNKNOWN(ClassPrior.NEUTRAL);

  private final ClassPrior prior;

  HostClass(ClassPrior prior) {
    this.prior = prior;
  }

  /** The default prior for this label. */
  public ClassPrior prior() {
    return prior;
  }

  /** The snake_case name used in JSON, e.g. {@code mobile_carrier_nat}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
