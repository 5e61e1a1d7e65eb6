package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A traceroute as geolocated waypoints, for map rendering: one {@link GeoPathWaypoint} per hop
 * (located by GeoIP or not, with the hop analysis' flags and the RTT feasibility check) and the
 * {@link GeoPathArc}s joining consecutive located points. Built by {@link GeoPathLocator};
 * written as JSON by {@code io.geofusion.json.GeoPathJson} and as RFC 7946 GeoJSON by
 * {@code io.geofusion.json.GeoPathGeoJson}.
 *
 * <p>Immutable and safe to share.
 *
 * @param source the trace's source address as recorded, or null
 * @param destination the trace's destination as recorded, or null when the recording does not
 *     name it ({@link io.geofusion.path.TracePath#destination()})
 * @param destinationReached whether the destination answered
 *     ({@link io.geofusion.path.PathAnalysis#destinationReached()}), or null when that is undecided
 *     ({@link io.geofusion.path.PathAnalysis#reachUndecided()}: unknown destination, no verdict)
 * @param vantage where the trace was taken from, null when unknown (then no arc starts at the
 *     vantage and no waypoint can be judged {@code geoip_infeasible})
 * @param distanceModel name of the distance model behind {@code rttBoundKm} and {@code deltaKm}
 * @param localDelayMs the vantage's access delay subtracted from every RTT, in ms
 * @param waypoints one per hop, in TTL order
 * @param arcs legs between consecutive located points, in path order
 * @param anomalies the path's anomaly names as in a {@code RECON_LATENCY_ANALYSIS} event
 *     ({@link io.geofusion.path.PathAnalysis#eventAnomalies()})
 */
public record GeoPath(
    String source,
    String destination,
    Boolean destinationReached,
    LatLon vantage,
    String distanceModel,
    double localDelayMs,
    List<GeoPathWaypoint> waypoints,
    List<GeoPathArc> arcs,
    List<String> anomalies) {

  public GeoPath {
    if (destination != null && destination.isBlank()) {
      throw new IllegalArgumentException("a geo path's destination is blank; pass null when the"
          + " trace does not name it");
    }
    if (destination != null && destinationReached == null) {
      throw new IllegalArgumentException("reaching a known destination (" + destination
          + ") is decided: pass true or false; null is for an unknown destination");
    }
    if (distanceModel == null || distanceModel.isBlank()) {
      throw new IllegalArgumentException("a geo path needs the distance model's name");
    }
    if (!(localDelayMs >= 0) || Double.isInfinite(localDelayMs)) {
      throw new IllegalArgumentException("local delay must be finite and >= 0 ms, got "
          + localDelayMs);
    }
    waypoints = List.copyOf(waypoints);
    arcs = List.copyOf(arcs);
    anomalies = List.copyOf(anomalies);
    for (int i = 1; i < waypoints.size(); i++) {
      if (waypoints.get(i).ttl() <= waypoints.get(i - 1).ttl()) {
        throw new IllegalArgumentException("waypoints must be in increasing TTL order, got TTL "
            + waypoints.get(i).ttl() + " after " + waypoints.get(i - 1).ttl());
      }
    }
    if (vantage == null) {
      for (GeoPathWaypoint w : waypoints) {
        if (w.vantageDistanceKm() != null) {
          throw new IllegalArgumentException("TTL " + w.ttl() + " has a vantage distance but the"
              + " path has no vantage");
        }
      }
      for (GeoPathArc a : arcs) {
        if (a.fromVantage()) {
          throw new IllegalArgumentException("an arc starts at the vantage but the path has none");
        }
      }
    }
  }

  /** The vantage position, when known. */
  public Optional<LatLon> vantagePosition() {
    return Optional.ofNullable(vantage);
  }

  /** The waypoints GeoIP placed, in TTL order. */
  public List<GeoPathWaypoint> locatedWaypoints() {
    List<GeoPathWaypoint> out = new ArrayList<>();
    for (GeoPathWaypoint w : waypoints) {
      if (w.located()) {
        out.add(w);
      }
    }
    return List.copyOf(out);
  }

  /** The waypoints whose GeoIP position the RTT rules out, in TTL order. */
  public List<GeoPathWaypoint> infeasibleWaypoints() {
    List<GeoPathWaypoint> out = new ArrayList<>();
    for (GeoPathWaypoint w : waypoints) {
      if (w.geoipInfeasible()) {
        out.add(w);
      }
    }
    return List.copyOf(out);
  }

  /** The waypoint at {@code ttl}, if the trace had that hop. */
  public Optional<GeoPathWaypoint> waypoint(int ttl) {
    for (GeoPathWaypoint w : waypoints) {
      if (w.ttl() == ttl) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }
}
