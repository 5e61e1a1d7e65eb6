package io.geofusion.pcap;

import io.geofusion.rtt.RttEnvelope;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Passive round-trip times from the capture point to one host, as an envelope that feeds
 * distance bounds and fusion exactly like an active probe's.
 *
 * <p>Samples: for a host that <em>answered</em> a TCP handshake, SYN→SYN/ACK (the time from
 * the capture point to that host and back); for a host that <em>opened</em> one, SYN/ACK→ACK;
 * for a host that answered an ICMP echo request, request→reply. Samples appear in capture
 * order; none is "lost", so {@code envelope.lossRatio()} is 0.
 *
 * @param address the host
 * @param vantage where the RTTs were measured from: {@code "capture:<source>"}
 * @param envelope the samples' envelope (min, quantiles, jitter), ms
 * @param synAckSamples SYN→SYN/ACK samples (host was the responder)
 * @param ackSamples SYN/ACK→ACK samples (host was the initiator)
 * @param icmpEchoSamples echo request→reply samples
 * @param samplesDropped samples beyond the per-host cap, not in the envelope
 */
public record HostRtt(
    InetAddress address,
    String vantage,
    RttEnvelope envelope,
    int synAckSamples,
    int ackSamples,
    int icmpEchoSamples,
    long samplesDropped) {

  public HostRtt {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(vantage, "vantage");
    Objects.requireNonNull(envelope, "envelope");
    if (synAckSamples < 0 || ackSamples < 0 || icmpEchoSamples < 0 || samplesDropped < 0) {
      throw new IllegalArgumentException("sample counts must be >= 0");
    }
    if (envelope.received() + samplesDropped
        != (long) synAckSamples + ackSamples + icmpEchoSamples) {
      throw new IllegalArgumentException("envelope holds " + envelope.received() + " + "
          + samplesDropped + " dropped samples but the kinds sum to "
          + ((long) synAckSamples + ackSamples + icmpEchoSamples));
    }
  }
}
