package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.DistanceModel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link TracePath} into a {@link GeoPath}: runs the {@link HopAnalyzer}, asks a
 * {@link GeoIpService} where each responder is and which AS announces it, checks each GeoIP
 * answer against the hop's RTT (see {@link GeoPathWaypoint} for the rule), and joins consecutive
 * located points with arcs.
 *
 * <p>Every responder that is an IP literal is looked up, private ones included: an overlay
 * database of the user's own networks may place them (public databases simply have no answer).
 * A hop's RTT for the feasibility check is the smallest RTT of the replies from its primary
 * responder, so a second responder at the same TTL cannot loosen or tighten the bound.
 *
 * <p>Immutable and thread-safe; {@link #locate} may run concurrently with any GeoIP service that
 * is itself thread-safe (all {@link GeoIpService} implementations are).
 *
 * <pre>{@code
 * GeoPathLocator locator = GeoPathLocator.of(HopAnalyzer.defaults());
 * GeoPath p = locator.locate(trace.path(), geoip, LatLon.of(50.11, 8.68));
 * p.infeasibleWaypoints().forEach(w -> System.out.println(w.address() + " GeoIP lies"));
 * }</pre>
 */
public final class GeoPathLocator {

  private final HopAnalyzer analyzer;

  private GeoPathLocator(HopAnalyzer analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
  }

  /** A locator using {@code analyzer}'s distance model, local delay and flag tolerances. */
  public static GeoPathLocator of(HopAnalyzer analyzer) {
    return new GeoPathLocator(analyzer);
  }

  /** The analyzer behind the flags, {@code deltaKm} and {@code rttBoundKm}. */
  public HopAnalyzer analyzer() {
    return analyzer;
  }

  /**
   * Locates every hop of {@code path}.
   *
   * @param vantage where the trace was taken from, or null when unknown (no feasibility check,
   *     no arc from the vantage)
   * @throws GeoIpException when a database is corrupt where a lookup led
   */
  public GeoPath locate(TracePath path, GeoIpService geoip, LatLon vantage)
      throws GeoIpException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(geoip, "geoip");
    PathAnalysis a = analyzer.analyze(path);
    DistanceModel model = analyzer.distanceModel();
    List<GeoPathWaypoint> waypoints = new ArrayList<>(path.hops().size());
    for (Hop hop : path.hops()) {
      HopAnalysis h = a.hop(hop.ttl()).orElseThrow();
      String address = h.address();
      GeoIpLocation loc = null;
      AsnInfo asn = null;
      Double minRtt = null;
      Double bound = null;
      if (address != null) {
        Optional<InetAddress> ip = IpAddresses.tryParse(address);
        if (ip.isPresent()) {
          loc = geoip.locate(ip.get()).orElse(null);
          asn = geoip.asn(ip.get()).orElse(null);
        }
        double m = minRttOf(hop, address);
        if (!Double.isNaN(m)) {
          minRtt = m;
          bound = Geodesy.clampDistanceKm(model.maxDistanceKm(m, analyzer.localDelayMs()));
        }
      }
      waypoints.add(GeoPathWaypoint.of(hop.ttl(), address, h.addressClass(), loc, asn, minRtt,
          h.flags(), h.deltaKm(), bound, vantage));
    }
    return new GeoPath(path.source(), path.destination(),
        a.reachUndecided() ? null : a.destinationReached(), vantage,
        model.name(), analyzer.localDelayMs(), waypoints, arcs(waypoints, vantage),
        a.eventAnomalies());
  }

  /** The smallest RTT of the replies whose address is {@code primary} (canonical), else NaN. */
  private static double minRttOf(Hop hop, String primary) {
    double min = Double.NaN;
    for (HopReply r : hop.replies()) {
      if (!r.answered() || r.address() == null) {
        continue;
      }
      String canon = IpAddresses.canonical(r.address()).orElse(r.address());
      if (canon.equals(primary) && !(r.rttMs() >= min)) {
        min = r.rttMs();
      }
    }
    return min;
  }

  static List<GeoPathArc> arcs(List<GeoPathWaypoint> waypoints, LatLon vantage) {
    List<GeoPathArc> arcs = new ArrayList<>();
    Integer fromTtl = null;
    LatLon from = vantage;
    List<Integer> skipped = new ArrayList<>();
    for (GeoPathWaypoint w : waypoints) {
      if (!w.located()) {
        skipped.add(w.ttl());
        continue;
      }
      LatLon to = w.geoip().position();
      if (from != null) {
        arcs.add(GeoPathArc.between(fromTtl, w.ttl(), from, to, skipped));
      }
      fromTtl = w.ttl();
      from = to;
      skipped = new ArrayList<>();
    }
    return List.copyOf(arcs);
  }
}
