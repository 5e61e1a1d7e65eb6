package io.geofusion.path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of {@link HopAnalyzer#analyze(TracePath)}: one {@link HopAnalysis} per hop plus a
 * path-level summary. Immutable and safe to share.
 *
 * @param source the trace's source as recorded, or null
 * @param destination the trace's destination as recorded, or null when the recording does not
 *     name it ({@link TracePath#destination()})
 * @param destinationReached true when some hop's responder is the destination address (compared
 *     in canonical form), or when the trace carries its tool's verdict that the destination
 *     answered ({@link TracePath#destinationReached()}, e.g. an mtr report with host names);
 *     otherwise false, also when hops or destination were recorded as host names
 * @param distanceModel name of the {@link io.geofusion.rtt.DistanceModel} used for {@code delta_km}
 * @param localDelayMs the vantage's access delay subtracted before converting RTT to distance
 * @param hops per-hop results in TTL order
 * @param reachUndecided true when nothing decides whether the destination answered: the destination
 *     is unknown (null) and the trace carries no verdict of its tool. {@code destinationReached} is
 *     then false, but it means "not shown to be reached", not "unreached". Only possible with a null
 *     destination; with a known destination and no verdict, the addresses decide
 */
public record PathAnalysis(
    String source,
    String destination,
    boolean destinationReached,
    String distanceModel,
    double localDelayMs,
    List<HopAnalysis> hops,
    boolean reachUndecided) {

  /** Path-level anomaly name used in events when the destination never answered. */
  public static final String DESTINATION_UNREACHED = "destination_unreached";

  /** An analysis whose reaching the destination is decided ({@code reachUndecided} false). */
  public PathAnalysis(String source, String destination, boolean destinationReached,
      String distanceModel, double localDelayMs, List<HopAnalysis> hops) {
    this(source, destination, destinationReached, distanceModel, localDelayMs, hops, false);
  }

  public PathAnalysis {
    if (destination != null && destination.isBlank()) {
      throw new IllegalArgumentException("a path analysis's destination is blank; pass null when"
          + " the trace does not name it");
    }
    if (reachUndecided && (destinationReached || destination != null)) {
      throw new IllegalArgumentException("reaching the destination can be undecided only when"
          + " the destination is unknown (null) and not reached; got destination " + destination
          + ", reached " + destinationReached);
    }
    if (distanceModel == null || distanceModel.isBlank()) {
      throw new IllegalArgumentException("a path analysis needs the distance model's name");
    }
    if (!(localDelayMs >= 0 && Double.isFinite(localDelayMs))) {
      throw new IllegalArgumentException(
          "local delay must be finite and >= 0 ms, got " + localDelayMs);
    }
    hops = List.copyOf(hops);
    for (int i = 1; i < hops.size(); i++) {
      if (hops.get(i).ttl() <= hops.get(i - 1).ttl()) {
        throw new IllegalArgumentException("hops must be in increasing TTL order, got TTL "
            + hops.get(i).ttl() + " after " + hops.get(i - 1).ttl());
      }
    }
  }

  /** Number of hops that feed the distance gradient. */
  public int cleanHopCount() {
    int n = 0;
    for (HopAnalysis h : hops) {
      n += h.clean() ? 1 : 0;
    }
    return n;
  }

  /** Number of hops with at least one RTT. */
  public int answeredHopCount() {
    int n = 0;
    for (HopAnalysis h : hops) {
      n += h.timedOut() ? 0 : 1;
    }
    return n;
  }

  /** The hop probed with this TTL, if any. */
  public Optional<HopAnalysis> hop(int ttl) {
    for (HopAnalysis h : hops) {
      if (h.ttl() == ttl) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** The clean hops, in TTL order. */
  public List<HopAnalysis> cleanHops() {
    List<HopAnalysis> out = new ArrayList<>();
    for (HopAnalysis h : hops) {
      if (h.clean()) {
        out.add(h);
      }
    }
    return List.copyOf(out);
  }

  /** The last clean hop, if any. */
  public Optional<HopAnalysis> lastCleanHop() {
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (hops.get(i).clean()) {
        return Optional.of(hops.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Sum of the clean hops' {@code deltaKm}: the one-way distance bound from the vantage to the
   * farthest clean hop (0 when there is none).
   */
  public double cleanPathDistanceKm() {
    double sum = 0;
    for (HopAnalysis h : hops) {
      if (h.clean()) {
        sum += h.deltaKm();
      }
    }
    return sum;
  }

  /** Every flag found on any hop. */
  public Set<HopFlag> flags() {
    EnumSet<HopFlag> all = EnumSet.noneOf(HopFlag.class);
    for (HopAnalysis h : hops) {
      all.addAll(h.flags());
    }
    return Collections.unmodifiableSet(all);
  }

  /**
   * The {@code anomalies} list of a {@code RECON_LATENCY_ANALYSIS} event for this path: each
   * anomalous flag found on any hop, once, by its {@link HopFlag#eventAnomaly()} name, in flag
   * declaration order, followed by {@value #DESTINATION_UNREACHED} when the destination never
   * answered (not when that is undecided, {@link #reachUndecided()}). {@link HopFlag#GEOGRAPHIC_JUMP} describes the geography rather than a flaw of the
   * measurement and is left out; a trailing run of timeouts after the destination answered is not
   * an anomaly either (some tools keep probing).
   */
  public List<String> eventAnomalies() {
    EnumSet<HopFlag> all = EnumSet.noneOf(HopFlag.class);
    int lastAnswered = -1;
    for (int i = 0; i < hops.size(); i++) {
      if (!hops.get(i).timedOut()) {
        lastAnswered = i;
      }
    }
    for (int i = 0; i < hops.size(); i++) {
      HopAnalysis h = hops.get(i);
      for (HopFlag f : h.flags()) {
        if (f == HopFlag.TIMEOUT && destinationReached && i > lastAnswered) {
          continue;
        }
        all.add(f);
      }
    }
    all.remove(HopFlag.GEOGRAPHIC_JUMP);
    List<String> out = new ArrayList<>();
    for (HopFlag f : all) {
      out.add(f.eventAnomaly());
    }
    if (!destinationReached && !reachUndecided) {
      out.add(DESTINATION_UNREACHED);
    }
    return List.copyOf(out);
  }
}
