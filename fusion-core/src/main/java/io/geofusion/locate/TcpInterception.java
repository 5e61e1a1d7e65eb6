package io.geofusion.locate;

import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Signs that a TCP ping was answered by an intercepting middlebox (a transparent proxy, a
 * firewall that completes every handshake) rather than by the target: its RTT then measures the
 * box, a hop or two away, and would give a confident, wrong, tiny distance.
 *
 * <p>The signs (docs/probing.md):
 *
 * <ul>
 *   <li>{@code closed_port_accepted}: a connection to a port of <em>the same target</em> that
 *       should be closed ({@link #decoyPort}, in the dynamic range 49152–65535) was accepted:
 *       a box that accepts every port. No other address is ever contacted.
 *   <li>{@code rtt_below_first_hop}: the TCP minimum RTT is below the first hop's (from a trace):
 *       nothing beyond the first router can answer faster than the first router.
 *   <li>{@code rtt_far_below_icmp}: the TCP minimum RTT is under half the ICMP/UDP minimum RTT to
 *       the same target and at least 1 ms below it.
 * </ul>
 *
 * <p>A host that itself accepts every port (a honeypot, some load balancers) also shows the
 * first sign, hence "suspected". Stateless.
 *
 * @param signs the signs seen, possibly empty
 * @param decoyPort the closed-looking port tried, or 0 when none was
 * @param decoyOutcome what the decoy connection met
 */
public record TcpInterception(List<String> signs, int decoyPort, DecoyOutcome decoyOutcome) {

  /** What a connection to the decoy port met. */
  public enum DecoyOutcome {
    /** Not tried (the ping had no reply, or was not TCP). */
    NOT_TRIED,
    /** The handshake completed: something accepts a port that should be closed. */
    ACCEPTED,
    /** An RST: the port is closed, as expected. */
    REFUSED,
    /** No answer before the deadline, or an error (filtered). */
    NO_ANSWER
  }

  /** The sign names, in the order above. */
  public static final String CLOSED_PORT_ACCEPTED = "closed_port_accepted";
  public static final String RTT_BELOW_FIRST_HOP = "rtt_below_first_hop";
  public static final String RTT_FAR_BELOW_ICMP = "rtt_far_below_icmp";

  /**
   * The longest wait for the decoy connection: 3 s, so the check fits in {@link LiveRun#SLACK}
   * beside a backend's own slack.
   */
  public static final Duration MAX_DECOY_WAIT = Duration.ofSeconds(3);

  /** The note a ping document carries when any sign is seen. */
  public static final String NOTE = "tcp_intercepted_suspected";

  public TcpInterception {
    signs = List.copyOf(signs);
    java.util.Objects.requireNonNull(decoyOutcome, "decoyOutcome");
  }

  /** Whether any sign was seen. */
  public boolean suspected() {
    return !signs.isEmpty();
  }

  /**
   * A port of {@code target} that should be closed, chosen from the address and the probed port
   * so that repeated runs use the same one: in 49152–65535 (IANA dynamic ports, where nothing
   * listens by convention) and never {@code probedPort}.
   */
  public static int decoyPort(InetAddress target, int probedPort) {
    int h = Arrays.hashCode(target.getAddress()) * 31 + probedPort;
    int port = 49152 + Math.floorMod(h * 0x9E3779B1, 16384);
    return port == probedPort ? (port == 65535 ? 49152 : port + 1) : port;
  }

  /**
   * Checks a TCP ping for interception: connects once to {@link #decoyPort} of the same target
   * (waiting at most {@code timeout}) and compares its minimum RTT with what else is known.
   * Does nothing for a non-TCP ping or one without replies. Sockets are opened on the calling
   * thread (so in its network namespace) and closed before it returns.
   *
   * @param firstHopRttMs the first hop's minimum RTT, when a trace measured it
   * @param icmpRttMs the ICMP or UDP minimum RTT to the same target, when known
   */
  public static TcpInterception check(PingResult ping, InetAddress target, int port,
      Duration timeout, OptionalDouble firstHopRttMs, OptionalDouble icmpRttMs)
      throws InterruptedException {
    if (ping.method() != ProbeMethod.TCP || !ping.anyReply()) {
      return new TcpInterception(List.of(), 0, DecoyOutcome.NOT_TRIED);
    }
    int decoy = decoyPort(target, port);
    DecoyOutcome outcome = connect(target, decoy, timeout);
    double tcp = ping.envelope().minMs();
    return new TcpInterception(signs(outcome, tcp, firstHopRttMs, icmpRttMs), decoy, outcome);
  }

  /** The signs in what was measured (see the class description). */
  static List<String> signs(DecoyOutcome decoy, double tcpMinMs, OptionalDouble firstHopRttMs,
      OptionalDouble icmpRttMs) {
    List<String> s = new ArrayList<>();
    if (decoy == DecoyOutcome.ACCEPTED) {
      s.add(CLOSED_PORT_ACCEPTED);
    }
    if (firstHopRttMs.isPresent() && tcpMinMs < firstHopRttMs.getAsDouble()) {
      s.add(RTT_BELOW_FIRST_HOP);
    }
    if (icmpRttMs.isPresent()) {
      double icmp = icmpRttMs.getAsDouble();
      if (tcpMinMs < icmp / 2 && icmp - tcpMinMs >= 1.0) {
        s.add(RTT_FAR_BELOW_ICMP);
      }
    }
    return s;
  }

  /** One non-blocking connect with a deadline; closed at once with an RST (SO_LINGER 0). */
  static DecoyOutcome connect(InetAddress target, int port, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Selector selector = Selector.open(); SocketChannel c = SocketChannel.open()) {
      c.configureBlocking(false);
      c.setOption(StandardSocketOptions.SO_LINGER, 0);
      if (c.connect(new InetSocketAddress(target, port))) {
        return DecoyOutcome.ACCEPTED;
      }
      c.register(selector, SelectionKey.OP_CONNECT);
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("decoy connect interrupted");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return DecoyOutcome.NO_ANSWER;
        }
        if (selector.select(Math.max(1, left / 1_000_000)) > 0) {
          try {
            return c.finishConnect() ? DecoyOutcome.ACCEPTED : DecoyOutcome.NO_ANSWER;
          } catch (ConnectException e) {
            return e.getMessage() != null && e.getMessage().contains("timed out")
                ? DecoyOutcome.NO_ANSWER : DecoyOutcome.REFUSED;
          } catch (IOException e) {
            return DecoyOutcome.NO_ANSWER;
          }
        }
      }
    } catch (IOException e) {
      return DecoyOutcome.NO_ANSWER;
    }
  }
}
