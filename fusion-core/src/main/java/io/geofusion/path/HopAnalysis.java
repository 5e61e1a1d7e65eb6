package io.geofusion.path;

import io.geofusion.net.AddressClass;
import io.geofusion.rtt.RttEnvelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one hop: who answered, the RTT envelope, flags, and — for a clean hop — the
 * step of the distance gradient.
 *
 * <p>A hop is <em>clean</em> when it has at least one RTT and no flag that
 * {@linkplain HopFlag#excludesFromGradient() excludes it}. Exactly the clean hops have
 * {@code deltaMs} and {@code deltaKm}; for the others both are {@code null} (JSON {@code null}).
 *
 * @param ttl the TTL of the probes
 * @param address the primary responder (canonical text, see
 *     {@link io.geofusion.net.IpAddresses#canonical}): the address that answered most probes, ties
 *     broken by the lower min RTT, then by the smaller text; null when nobody answered
 * @param responders every distinct responder, in order of first answer
 * @param addressClass class of {@code address}; null when there is no address or it is not an IP
 *     literal
 * @param rtt envelope of all probes at this TTL in send order (lost probes count as loss)
 * @param expectedRttMs the robust monotone (isotonic) fit of min RTT at this hop, the value the
 *     flags are judged against; null for hops without an RTT
 * @param flags what the analysis found, possibly empty
 * @param deltaMs for a clean hop, its min RTT minus the highest min RTT of the earlier clean hops
 *     (0 for the source), never negative; null otherwise
 * @param deltaKm for a clean hop, the growth of the one-way distance bound
 *     {@code DistanceModel.maxDistanceKm} over the same step, never negative; null otherwise
 */
public record HopAnalysis(
    int ttl,
    String address,
    List<String> responders,
    AddressClass addressClass,
    RttEnvelope rtt,
    Double expectedRttMs,
    Set<HopFlag> flags,
    Double deltaMs,
    Double deltaKm) {

  public HopAnalysis {
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("TTL must be in [1, 255], got " + ttl);
    }
    responders = List.copyOf(responders);
    if (rtt == null) {
      throw new IllegalArgumentException("a hop analysis needs an RTT envelope");
    }
    flags = flags.isEmpty() ? Collections.emptySet()
        : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    if (address != null && !responders.contains(address)) {
      throw new IllegalArgumentException(
          "primary address " + address + " is not among the responders " + responders);
    }
    if (expectedRttMs != null && !(expectedRttMs >= 0 && Double.isFinite(expectedRttMs))) {
      throw new IllegalArgumentException(
          "expected RTT must be finite and >= 0 ms, got " + expectedRttMs);
    }
    if ((deltaMs == null) != (deltaKm == null)) {
      throw new IllegalArgumentException("deltaMs and deltaKm are both set or both null");
    }
    boolean clean = rtt.hasReplies() && flags.stream().noneMatch(HopFlag::excludesFromGradient);
    if (clean != (deltaMs != null)) {
      throw new IllegalArgumentException(clean
          ? "a clean hop (TTL " + ttl + ") needs deltaMs and deltaKm"
          : "only clean hops have a distance step; TTL " + ttl + " has flags " + flags);
    }
    if (deltaMs != null && !(deltaMs >= 0 && Double.isFinite(deltaMs)
        && deltaKm >= 0 && Double.isFinite(deltaKm))) {
      throw new IllegalArgumentException("distance steps must be finite and >= 0, got "
          + deltaMs + " ms, " + deltaKm + " km");
    }
  }

  /** True when this hop feeds the distance gradient (see the class comment). */
  public boolean clean() {
    return deltaMs != null;
  }

  /** True when no probe at this TTL was answered with an RTT. */
  public boolean timedOut() {
    return !rtt.hasReplies();
  }

  /** The hop's min RTT in ms, NaN when nothing came back. */
  public double minRttMs() {
    return rtt.minMs();
  }

  /** True when this hop has the flag. */
  public boolean has(HopFlag flag) {
    return flags.contains(flag);
  }

  /** The flags' JSON names in declaration order, as in {@code hops[].anomalies}. */
  public List<String> flagNames() {
    List<String> names = new ArrayList<>(flags.size());
    for (HopFlag f : flags) {
      names.add(f.jsonName());
    }
    return List.copyOf(names);
  }
}
