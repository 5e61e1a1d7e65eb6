package io.geofusion.probe.internal;

import io.geofusion.probe.ErrorReply;
import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeFailedException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TimestampSource;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * TCP connect timing in pure Java (NIO, no privilege, works where ICMP is filtered): the RTT is
 * the time from {@code connect()} to the kernel reporting the handshake's outcome, so a SYN-ACK
 * (connected) and an RST (connection refused) both count as an answer. Connections are closed
 * at once with {@code SO_LINGER 0} (an RST, no TIME_WAIT). The probe TTL is the system default;
 * {@link PingRequest#ttl()} is not applied (Java cannot set a unicast TTL). Timestamps are
 * user-space ({@link System#nanoTime()} when the selector wakes). Stateless, thread-safe.
 */
public final class TcpConnectProber implements Prober {

  @Override
  public String name() {
    return "tcp-connect";
  }

  @Override
  public Optional<String> unavailableReason(Operation operation, ProbeMethod method, boolean ipv6) {
    if (method != ProbeMethod.TCP) {
      return Optional.of("tcp-connect only sends TCP probes (asked for " + method + ")");
    }
    if (operation == Operation.TRACE) {
      return Optional.of("tcp-connect cannot trace (hops answer with ICMP, which needs"
          + " native-raw, scamper or the system traceroute)");
    }
    return Optional.empty();
  }

  @Override
  public PingResult ping(PingRequest request) throws ProbeException, InterruptedException {
    Optional<String> why = unavailableReason(Operation.PING, request.method(), false);
    if (why.isPresent()) {
      throw new ProbeUnavailableException(name() + ": " + why.get());
    }
    if (request.interval().compareTo(PingRequest.MIN_UNPRIVILEGED_INTERVAL) < 0
        && !Privileges.privileged()) {
      throw new IllegalArgumentException("an interval below 200 ms needs root, got "
          + request.interval().toMillis() + " ms");
    }
    int count = request.count();
    double[] rtts = new double[count];
    Arrays.fill(rtts, Double.NaN);
    String[] responders = new String[count];
    ErrorReply[] errors = new ErrorReply[count];
    boolean v6 = request.target() instanceof java.net.Inet6Address;
    long[] sent = new long[count];
    SocketChannel[] open = new SocketChannel[count];
    InetSocketAddress dst = new InetSocketAddress(request.target(), request.port());
    long interval = request.interval().toNanos();
    long timeout = request.timeout().toNanos();
    long startedMillis = System.currentTimeMillis();
    long start = System.nanoTime();
    int next = 0;
    try (Selector selector = Selector.open()) {
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("tcp ping interrupted");
        }
        long now = System.nanoTime();
        for (int i = 0; i < next; i++) {
          if (open[i] != null && now - (sent[i] + timeout) >= 0) {
            closeQuietly(open[i]);
            open[i] = null;
          }
        }
        if (next < count && now - (start + next * interval) >= 0) {
          SocketChannel c = SocketChannel.open();
          open[next] = c;
          c.configureBlocking(false);
          c.setOption(StandardSocketOptions.SO_LINGER, 0);
          c.register(selector, SelectionKey.OP_CONNECT, next);
          sent[next] = System.nanoTime();
          if (c.connect(dst)) {
            rtts[next] = (System.nanoTime() - sent[next]) / 1e6;
            responders[next] = AddressText.of(request.target());
            closeQuietly(c);
            open[next] = null;
          }
          next++;
          continue;
        }
        boolean anyOpen = false;
        long wake = next < count ? start + next * interval : Long.MAX_VALUE;
        for (int i = 0; i < next; i++) {
          if (open[i] != null) {
            anyOpen = true;
            wake = Math.min(wake, sent[i] + timeout);
          }
        }
        if (next == count && !anyOpen) {
          break;
        }
        long waitMs = Math.max(1, (wake - now + 999_999) / 1_000_000);
        selector.select(waitMs);
        long rx = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          int i = (Integer) key.attachment();
          SocketChannel c = (SocketChannel) key.channel();
          boolean answered;
          ErrorReply error = null;
          try {
            answered = c.finishConnect();
          } catch (ConnectException refusedOrTimedOut) {
            // An RST: the host is there and said no. (ECONNREFUSED is also what a router's ICMP
            // port or protocol unreachable gives connect(); user space cannot tell them apart.)
            answered = isRefused(refusedOrTimedOut);
          } catch (IOException other) {
            answered = false; // unreachable, timed out by the kernel, ...
            error = kernelError(other, v6);
          }
          if (rx - sent[i] <= timeout) {
            if (answered) {
              rtts[i] = (rx - sent[i]) / 1e6;
              responders[i] = AddressText.of(request.target());
            } else {
              errors[i] = error;
            }
          }
          key.cancel();
          closeQuietly(c);
          open[i] = null;
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new ProbeFailedException(name() + " ping to " + dst + " failed: " + e.getMessage(), e);
    } finally {
      for (SocketChannel c : open) {
        closeQuietly(c);
      }
    }
    List<Double> list = new ArrayList<>(count);
    for (double v : rtts) {
      list.add(v);
    }
    return new PingResult(AddressText.of(request.target()), ProbeMethod.TCP, name(),
        TimestampSource.USER_SPACE, Instant.ofEpochMilli(startedMillis), list,
        Arrays.asList(responders), Arrays.asList(errors));
  }

  /** ECONNREFUSED (an RST), not ETIMEDOUT, which Java reports with the same exception type. */
  static boolean isRefused(ConnectException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    return !m.contains("timed out");
  }

  /**
   * What the kernel said when a connect failed, as an {@link ErrorReply} without sender or
   * type/code: a TCP socket is told only the errno an ICMP error maps to (EHOSTUNREACH for host
   * unreachable, administratively prohibited, TTL exceeded...; ENETUNREACH for net unreachable),
   * never who sent it (Linux tcp_v4_err and icmp_err_convert).
   */
  static ErrorReply kernelError(IOException e, boolean v6) {
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    String meaning = e instanceof java.net.NoRouteToHostException || m.contains("no route")
        ? "no_route_to_host"
        : m.contains("network is unreachable") ? "network_unreachable"
        : m.contains("host is down") ? "host_down"
        : "connect_failed";
    return ErrorReply.kernel(v6, meaning);
  }

  @Override
  public TraceResult trace(TraceRequest request) throws ProbeException {
    throw new ProbeUnavailableException(name() + ": " + unavailableReason(Operation.TRACE,
        request.method(), false).orElse("cannot trace"));
  }

  private static void closeQuietly(SocketChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Closing a probe socket can only fail if it is already gone.
      }
    }
  }
}
