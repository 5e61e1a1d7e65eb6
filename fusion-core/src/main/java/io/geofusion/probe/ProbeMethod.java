package io.geofusion.probe;

/**
 * What a probe is made of.
 *
 * <ul>
 *   <li>{@link #ICMP}: ICMP (v6) echo request; the destination answers with an echo reply.
 *   <li>{@link #UDP}: a UDP datagram to an (assumed closed) high port, traceroute's classic
 *       33434 onwards; the destination answers with ICMP port unreachable.
 *   <li>{@link #TCP}: a TCP SYN (a {@code connect}) to a port; a SYN-ACK or an RST from the
 *       destination both count as an answer.
 * </ul>
 */
public enum ProbeMethod {
  ICMP,
  UDP,
  TCP;

  /** The conventional default port for a method: 33434 for UDP, 80 for TCP, 0 for ICMP. */
  public int defaultPort() {
    return switch (this) {
      case ICMP -> 0;
      case UDP -> 33434;
      case TCP -> 80;
    };
  }
}
