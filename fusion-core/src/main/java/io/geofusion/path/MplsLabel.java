package io.geofusion.path;

/**
 * One MPLS label stack entry quoted in an ICMP extension object (RFC 4950).
 *
 * @param label the 20-bit label
 * @param trafficClass the 3-bit TC (formerly EXP) field
 * @param bottomOfStack the S bit
 * @param ttl the label's TTL
 */
public record MplsLabel(int label, int trafficClass, boolean bottomOfStack, int ttl) {

  public MplsLabel {
    if (label < 0 || label > 0xFFFFF) {
      throw new IllegalArgumentException("MPLS label must be in [0, 1048575], got " + label);
    }
    if (trafficClass < 0 || trafficClass > 7) {
      throw new IllegalArgumentException("MPLS traffic class must be in [0, 7], got " + trafficClass);
    }
    if (ttl < 0 || ttl > 255) {
      throw new IllegalArgumentException("MPLS TTL must be in [0, 255], got " + ttl);
    }
  }
}
