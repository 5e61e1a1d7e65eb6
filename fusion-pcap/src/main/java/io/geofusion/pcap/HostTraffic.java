package io.geofusion.pcap;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What one host sent and received in a capture (IP bytes as the IP headers state them).
 *
 * @param address the host
 * @param packetsSent packets with this source
 * @param packetsReceived packets with this destination
 * @param bytesSent IP bytes sent
 * @param bytesReceived IP bytes received
 * @param flows flows the host takes part in
 */
public record HostTraffic(
    InetAddress address,
    long packetsSent,
    long packetsReceived,
    long bytesSent,
    long bytesReceived,
    long flows) {

  public HostTraffic {
    Objects.requireNonNull(address, "address");
    if (packetsSent < 0 || packetsReceived < 0 || bytesSent < 0 || bytesReceived < 0
        || flows < 0) {
      throw new IllegalArgumentException("traffic counters must be >= 0");
    }
  }

  /** Bytes in both directions. */
  public long totalBytes() {
    return bytesSent + bytesReceived;
  }
}
