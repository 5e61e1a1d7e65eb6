package io.geofusion.graph;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.Locale;

/**
 * A query region on the Earth: a geodesic disk or a latitude/longitude box.
 *
 * <p>{@link #distanceKm(LatLon)} is the geodesic distance (WGS84) from a point to the nearest point
 * of the region, 0 inside. For a box the nearest boundary point is found on the sphere (closed-form
 * foot point on the meridian edges, same longitude clamp on the parallel edges) and its distance is
 * then measured on the ellipsoid; the foot point's spherical approximation shifts results by well
 * under 0.5 %.
 */
public sealed interface GeoRegion permits GeoRegion.Disk, GeoRegion.Box {

  /** Geodesic distance in km from {@code p} to the region, 0 when {@code p} is inside. */
  double distanceKm(LatLon p);

  /** Whether the disk of {@code radiusKm} around {@code centre} touches the region. */
  default boolean intersectsDisk(LatLon centre, double radiusKm) {
    return distanceKm(centre) <= radiusKm;
  }

  /**
   * Parses {@code disk:LAT,LON,RADIUS_KM} or {@code box:SOUTH,WEST,NORTH,EAST} (degrees; a box with
   * WEST &gt; EAST crosses the antimeridian).
   *
   * @throws IllegalArgumentException naming the text and the expected forms
   */
  static GeoRegion parse(String text) {
    String usage = "expected disk:LAT,LON,RADIUS_KM or box:SOUTH,WEST,NORTH,EAST, got '" + text + "'";
    if (text == null || text.indexOf(':') < 0) {
      throw new IllegalArgumentException(usage);
    }
    String type = text.substring(0, text.indexOf(':')).trim().toLowerCase(Locale.ROOT);
    String[] parts = text.substring(text.indexOf(':') + 1).trim().split("\\s*,\\s*");
    double[] v = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        v[i] = Double.parseDouble(parts[i]);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage, e);
    }
    if (type.equals("disk") && v.length == 3) {
      return new Disk(new LatLon(v[0], v[1]), v[2]);
    }
    if (type.equals("box") && v.length == 4) {
      return new Box(v[0], v[1], v[2], v[3]);
    }
    throw new IllegalArgumentException(usage);
  }

  /**
   * All points within {@code radiusKm} (geodesic) of {@code centre}.
   *
   * @param centre the disk's centre
   * @param radiusKm radius in km, finite and ≥ 0
   */
  record Disk(LatLon centre, double radiusKm) implements GeoRegion {
    public Disk {
      if (centre == null) {
        throw new IllegalArgumentException("disk centre is required");
      }
      if (!(radiusKm >= 0.0) || Double.isInfinite(radiusKm)) {
        throw new IllegalArgumentException("disk radius_km must be finite and >= 0, got "
            + radiusKm);
      }
    }

    @Override
    public double distanceKm(LatLon p) {
      return Math.max(0.0, Geodesy.distanceKm(centre, p) - radiusKm);
    }
  }

  /**
   * The points with latitude in [south, north] and longitude from west eastwards to east (so
   * {@code west > east} wraps across ±180°).
   *
   * @param south southern latitude in degrees
   * @param west western longitude in degrees
   * @param north northern latitude in degrees, ≥ south
   * @param east eastern longitude in degrees
   */
  record Box(double south, double west, double north, double east) implements GeoRegion {
    public Box {
      new LatLon(south, west);
      new LatLon(north, east);
      if (south > north) {
        throw new IllegalArgumentException("box south (" + south + ") must not exceed north ("
            + north + ")");
      }
    }

    /** Whether {@code p} lies inside the box (boundary included). */
    public boolean contains(LatLon p) {
      return p.lat() >= south && p.lat() <= north && lonInside(p.lon());
    }

    private boolean lonInside(double lon) {
      return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
    }

    @Override
    public double distanceKm(LatLon p) {
      if (contains(p)) {
        return 0.0;
      }
      double best = Double.POSITIVE_INFINITY;
      // Parallel edges: along a parallel the distance to p grows with |Δlon|, so the nearest
      // point has p's longitude clamped into [west, east].
      double lonOnEdge = lonInside(p.lon()) ? p.lon() : nearerLon(p.lon());
      best = Math.min(best, Geodesy.distanceKm(p, new LatLon(south, lonOnEdge)));
      best = Math.min(best, Geodesy.distanceKm(p, new LatLon(north, lonOnEdge)));
      // Meridian edges are great-circle arcs: the foot of the perpendicular from p is at
      // tan φ = tan φp / cos Δλ (spherical), clamped into [south, north].
      best = Math.min(best, toMeridian(p, west));
      best = Math.min(best, toMeridian(p, east));
      return best;
    }

    private double nearerLon(double lon) {
      return angularGap(lon, west) <= angularGap(lon, east) ? west : east;
    }

    private static double angularGap(double a, double b) {
      double d = Math.abs(a - b) % 360.0;
      return d > 180.0 ? 360.0 - d : d;
    }

    private double toMeridian(LatLon p, double lon) {
      double dLon = Math.toRadians(p.lon() - lon);
      double best = Math.min(Geodesy.distanceKm(p, new LatLon(south, lon)),
          Geodesy.distanceKm(p, new LatLon(north, lon)));
      double cos = Math.cos(dLon);
      if (cos > 0) {
        double foot = Math.toDegrees(Math.atan(Math.tan(Math.toRadians(p.lat())) / cos));
        if (foot > south && foot < north) {
          best = Math.min(best, Geodesy.distanceKm(p, new LatLon(foot, lon)));
        }
      }
      return best;
    }
  }
}
