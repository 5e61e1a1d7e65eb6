package io.geofusion.pcap;

/**
 * A bidirectional 5-tuple in canonical order (endpoint A sorts before endpoint B), so both
 * directions of a conversation share one key. Mutable only so that one instance can probe the
 * flow map without allocating; keys stored in the map are never changed.
 */
final class FlowKey {
  long aHi;
  long aLo;
  long bHi;
  long bLo;
  int aPort;
  int bPort;
  int protocol;

  /** Sets this key from a packet; returns true when the packet's source is endpoint A. */
  boolean set(DecodedPacket p) {
    protocol = p.protocol;
    int c = compare(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
    if (c <= 0) {
      aHi = p.srcHi;
      aLo = p.srcLo;
      aPort = p.srcPort;
      bHi = p.dstHi;
      bLo = p.dstLo;
      bPort = p.dstPort;
      return true;
    }
    aHi = p.dstHi;
    aLo = p.dstLo;
    aPort = p.dstPort;
    bHi = p.srcHi;
    bLo = p.srcLo;
    bPort = p.srcPort;
    return false;
  }

  private static int compare(long h1, long l1, int p1, long h2, long l2, int p2) {
    int c = Long.compareUnsigned(h1, h2);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(l1, l2);
    return c != 0 ? c : Integer.compare(p1, p2);
  }

  FlowKey copy() {
    FlowKey k = new FlowKey();
    k.aHi = aHi;
    k.aLo = aLo;
    k.bHi = bHi;
    k.bLo = bLo;
    k.aPort = aPort;
    k.bPort = bPort;
    k.protocol = protocol;
    return k;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlowKey)) {
      return false;
    }
    FlowKey k = (FlowKey) o;
    return aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort
        && aHi == k.aHi && bHi == k.bHi && protocol == k.protocol;
  }

  @Override
  public int hashCode() {
    long h = aLo * 0x9E3779B97F4A7C15L;
    h = (h ^ bLo) * 0x9E3779B97F4A7C15L;
    h = (h ^ aHi ^ (bHi << 1)) * 0x9E3779B97F4A7C15L;
    h ^= ((long) aPort << 32) | ((long) bPort << 8) | protocol;
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
