package io.geofusion.graph;

import java.util.Locale;

/**
 * What an entity is. A node's id starts with its kind's prefix and a colon ({@code host:203.0.113.7},
 * {@code asn:15169}, {@code org:google}); an id without a known prefix is {@link #OTHER}.
 */
public enum NodeKind {
  /** A network host (an IP address); may carry a {@link io.geofusion.fusion.HostLocation}. */
  HOST("host"),
  /** An autonomous system. */
  ASN("asn"),
  /** An organisation (operator, company). */
  ORG("org"),
  /** A flow or session seen in a capture. */
  FLOW("flow"),
  /** A service (protocol/port offered by hosts). */
  SERVICE("service"),
  /** A capture artifact (a pcap file, a recorded measurement). */
  CAPTURE("capture"),
  /** Anything else. */
  OTHER("other");

  private final String prefix;

  NodeKind(String prefix) {
    this.prefix = prefix;
  }

  /** The lower-case name used in ids and JSON, e.g. {@code host}. */
  public String prefix() {
    return prefix;
  }

  /** The kind implied by an id's prefix ({@code host:1.2.3.4} → HOST); OTHER if none matches. */
  public static NodeKind ofId(String id) {
    int colon = id == null ? -1 : id.indexOf(':');
    if (colon <= 0) {
      return OTHER;
    }
    String p = id.substring(0, colon).toLowerCase(Locale.ROOT);
    for (NodeKind k : values()) {
      if (k != OTHER && k.prefix.equals(p)) {
        return k;
      }
    }
    return OTHER;
  }

  /**
   * Parses the JSON name ({@code host}, {@code asn}, …), case-insensitively.
   *
   * @throws IllegalArgumentException naming the text and the accepted names
   */
  public static NodeKind parse(String text) {
    for (NodeKind k : values()) {
      if (k.prefix.equalsIgnoreCase(text == null ? "" : text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown node kind '" + text
        + "', expected one of host, asn, org, flow, service, capture, other");
  }
}
