package io.geofusion.json;

import io.geofusion.path.MplsLabel;

/**
 * One MPLS label stack entry (RFC 4950) in JSON: {@code {label, traffic_class, bottom_of_stack,
 * ttl}}.
 */
public record MplsLabelJson(int label, int trafficClass, boolean bottomOfStack, int ttl) {

  public MplsLabelJson {
    new MplsLabel(label, trafficClass, bottomOfStack, ttl); // same invariants as the domain record
  }

  /** The JSON form of a domain label. */
  public static MplsLabelJson of(MplsLabel l) {
    return new MplsLabelJson(l.label(), l.trafficClass(), l.bottomOfStack(), l.ttl());
  }
}
