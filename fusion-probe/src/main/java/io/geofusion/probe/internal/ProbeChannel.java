package io.geofusion.probe.internal;

import io.geofusion.path.MplsLabel;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A way to send numbered probes with a TTL and get matched replies back. Implementations own
 * their sockets; not thread-safe.
 */
public interface ProbeChannel extends AutoCloseable {

  /** What a reply says about the probe it answers. */
  enum Kind {
    /** The destination answered (echo reply, SYN-ACK/RST, or a UDP reply). */
    ANSWER,
    /** TTL expired at a router. */
    TIME_EXCEEDED,
    /** Destination unreachable; {@link Reply#code()} says why. */
    UNREACHABLE
  }

  /**
   * A reply matched to a probe.
   *
   * @param index the probe's index as given to {@link #send}
   * @param from who sent it
   * @param rxNanos receive time on the channel's clock
   * @param kind what it says
   * @param code ICMP code for UNREACHABLE
   * @param mpls MPLS labels quoted by the responder
   */
  record Reply(int index, InetAddress from, long rxNanos, Kind kind, int code,
      List<MplsLabel> mpls) {}

  /** Sends probe {@code index} with {@code ttl}; returns its send time on the channel's clock. */
  long send(int index, int ttl) throws IOException;

  /** Waits at most {@code timeoutNanos} for one matched reply; null when none came. */
  Reply receive(long timeoutNanos) throws IOException;

  /** True while every reply so far carried a kernel timestamp. */
  boolean kernelTimestamps();

  @Override
  void close();
}
