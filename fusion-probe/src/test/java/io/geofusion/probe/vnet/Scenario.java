package io.geofusion.probe.vnet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.path.MplsLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A path the virtual network emulates, as data (JSON under
 * {@code src/test/resources/scenarios/probe/}).
 *
 * <p>Hop {@code k} (1-based) is reached by probes with TTL {@code k}. Its round trip is
 * {@code 2 · Σ linkDelayMs(1..k) + icmpExtraMs(k)}: one-way link delays both ways plus extra
 * delay applied only to the ICMP error the hop generates (a slow control plane, the origin's
 * "235 ms hop"). The destination sits one link ({@code destinationLinkDelayMs}) beyond the last
 * hop. With {@code loopFrom = j}, TTLs beyond the last hop cycle through hops {@code j..n} for
 * ever (a routing loop) and the destination is never reached.
 *
 * @param name scenario name
 * @param destination destination address literal (198.18.0.0/15 or 2001:db8::/32)
 * @param hops routers in path order
 * @param destinationLinkDelayMs one-way delay of the last link
 * @param destinationLoss probability that the destination ignores a probe
 * @param destinationSilent destination never answers
 * @param openTcpPorts ports that answer a SYN with SYN-ACK (others RST)
 * @param loopFrom 1-based hop where a routing loop starts, 0 for none
 * @param seed seed of the loss draws
 * @param unreachableCode when set (≥ 0), the last hop answers every probe it would forward with
 *     ICMP destination unreachable of this code (v4 type 3, v6 type 1), e.g. 13 "administratively
 *     prohibited" ({@code !X}); the destination is then never reached
 */
public record Scenario(
    String name,
    String destination,
    List<HopSpec> hops,
    double destinationLinkDelayMs,
    double destinationLoss,
    boolean destinationSilent,
    List<Integer> openTcpPorts,
    int loopFrom,
    long seed,
    Integer unreachableCode) {

  public Scenario {
    hops = List.copyOf(hops);
    openTcpPorts = openTcpPorts == null ? List.of() : List.copyOf(openTcpPorts);
    if (unreachableCode != null && (unreachableCode < 0 || unreachableCode > 255)) {
      throw new IllegalArgumentException("unreachableCode must be in [0, 255], got "
          + unreachableCode);
    }
    if (loopFrom < 0 || loopFrom > hops.size()) {
      throw new IllegalArgumentException("loopFrom must be 0 or a hop number, got " + loopFrom);
    }
  }

  /**
   * One router.
   *
   * @param address responder address literal (may be private, e.g. 10.x)
   * @param linkDelayMs one-way delay of the link into this hop
   * @param icmpExtraMs extra delay of ICMP errors this hop generates
   * @param silent never answers
   * @param loss probability of not answering a probe
   * @param mpls labels quoted in its time-exceeded messages (RFC 4950)
   */
  public record HopSpec(
      String address,
      double linkDelayMs,
      double icmpExtraMs,
      boolean silent,
      double loss,
      List<Label> mpls) {

    public HopSpec {
      mpls = mpls == null ? List.of() : List.copyOf(mpls);
    }

    List<MplsLabel> labels() {
      return mpls.stream().map(l -> new MplsLabel(l.label(), l.tc(), l.s(), l.ttl())).toList();
    }
  }

  /** An MPLS label stack entry in JSON. */
  public record Label(int label, int tc, @JsonProperty("s") boolean s, int ttl) {}

  /** The destination address. */
  public InetAddress destinationAddress() {
    return Addresses.literal(destination);
  }

  /** True for an IPv6 scenario. */
  public boolean ipv6() {
    return destination.contains(":");
  }

  /** Number of hops before the destination (the destination answers TTL {@code size + 1}). */
  public int pathLength() {
    return hops.size();
  }

  /** Hop number answering TTL {@code ttl} (1-based), or {@code hops.size() + 1} for the destination. */
  public int hopAt(int ttl) {
    int n = hops.size();
    if (ttl <= n) {
      return ttl;
    }
    if (loopFrom == 0) {
      return n + 1;
    }
    int cycle = n - loopFrom + 1;
    return loopFrom + (ttl - loopFrom) % cycle;
  }

  /** Round trip (ms) of the reply to a probe with TTL {@code ttl}, without ICMP extra delay. */
  public double pathRttMs(int ttl) {
    double sum = 0;
    int n = hops.size();
    int limit = loopFrom == 0 ? Math.min(ttl, n + 1) : ttl;
    for (int t = 1; t <= limit; t++) {
      int h = hopAt(t);
      sum += h <= n ? hops.get(h - 1).linkDelayMs() : destinationLinkDelayMs;
    }
    return 2 * sum;
  }

  /** Expected minimum RTT (ms) of hop {@code k}'s time-exceeded replies. */
  public double hopRttMs(int k) {
    return pathRttMs(k) + hops.get(k - 1).icmpExtraMs();
  }

  /** Expected minimum RTT (ms) of the destination's answers. */
  public double destinationRttMs() {
    return pathRttMs(hops.size() + 1);
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** Loads {@code scenarios/probe/<name>.json} from the test class path. */
  public static Scenario load(String name) {
    String path = "/scenarios/probe/" + name + ".json";
    try (InputStream in = Scenario.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario resource " + path);
      }
      return JSON.readValue(in, Scenario.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path, e);
    }
  }
}
