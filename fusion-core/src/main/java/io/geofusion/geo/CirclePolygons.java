package io.geofusion.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * Builds the polygon of a geodesic circle. JTS never leaves this class
 * (docs/decisions/no-jts-types-in-api.md).
 *
 * <p>JTS overlay is used only for the rare cap covering both poles and for bent ellipses.
 *
 * <p>Method: the boundary vertices are computed with {@link Geodesy#destination} and their
 * longitudes unwrapped so consecutive vertices differ by less than 180°. Then, by which poles the
 * cap covers:
 *
 * <ul>
 *   <li>none: the unwrapped ring is a simple planar polygon (it lifts a simple curve that winds
 *       round neither pole); it is clipped to the strips [−540, −180], [−180, 180], [180, 540]
 *       and each piece shifted back by 360° (RFC 7946 §3.1.9 antimeridian cutting). Most rings
 *       need no cut; an x-monotone ring (every circle: a cap missing both poles is convex) is cut
 *       by Sutherland–Hodgman clipping, which is exact for it; a bent ring (a long ellipse) goes
 *       through the planar overlay;
 *   <li>one: the boundary winds once round the pole. With monotonic longitude (a circle is
 *       star-shaped from any pole it covers) it is cut where it meets the antimeridian and closed
 *       along the antimeridian up to the pole and along the pole's parallel; a boundary that turns
 *       back in longitude is cut along a meridian it crosses once, closed over the pole, and
 *       clipped by the planar overlay;
 *   <li>both: the uncovered part misses both poles; it is built as in the first case and cut out
 *       of the world box.
 * </ul>
 */
final class CirclePolygons {

  private static final GeometryFactory GF = new GeometryFactory();
  private static final LatLon NORTH = LatLon.of(90, 0);
  private static final LatLon SOUTH = LatLon.of(-90, 0);
  /** Pole this close to the boundary (km): nudge the radius so no vertex lands on the pole. */
  private static final double POLE_SLACK_KM = 1e-3;

  private CirclePolygons() {}

  /**
   * Largest distance, in degrees of the lon/lat plane, between a drawn edge's midpoint and the
   * boundary point at the mid bearing before {@link #build(LatLon, int, DoubleUnaryOperator,
   * boolean)} halves the bearing step (when densifying); a quarter of the shape's smallest radius
   * when that is less, so the two long sides of a thin ellipse stay apart.
   */
  static final double MAX_CHORD_DEVIATION_DEG = 0.05;
  /** At most this many halvings of one bearing step (2¹⁰ = 1024 sub-steps). */
  private static final int MAX_HALVINGS = 10;
  private static final double KM_PER_DEG = 111.2;

  static GeoRegion build(LatLon centre, double radiusKm, int n) {
    return build(centre, n, bearing -> radiusKm, false);
  }

  /**
   * A cap whose boundary lies {@code radiusAt(bearing)} km from the centre along each geodesic
   * (a circle for a constant function, a geodesic ellipse otherwise). The shape must be
   * star-shaped around the centre (so simple on the sphere) and its radius below the antipodal
   * distance.
   *
   * <p>With {@code densify}, a bearing step is halved (up to {@value #MAX_HALVINGS} times) while
   * the straight lon/lat edge strays more than {@value #MAX_CHORD_DEVIATION_DEG}° from the
   * boundary point at the mid bearing: a thin ellipse next to a pole sweeps tens of degrees of
   * longitude between two of the {@code n} bearings, and straight edges that far from the curve
   * cross each other.
   */
  static GeoRegion build(LatLon centre, int n, DoubleUnaryOperator radiusAt, boolean densify) {
    LatLon antipode = LatLon.wrapped(-centre.lat(), centre.lon() + 180.0);
    double minRadius = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minRadius = Math.min(minRadius, radiusAt.applyAsDouble(360.0 * i / n));
    }
    if (minRadius >= Geodesy.distanceKm(centre, antipode) - POLE_SLACK_KM) {
      return GeoRegion.WORLD;
    }
    double dn = Geodesy.distanceKm(centre, NORTH);
    double ds = Geodesy.distanceKm(centre, SOUTH);
    double rn = radiusAt.applyAsDouble(0.0);
    double rs = radiusAt.applyAsDouble(180.0);
    double nudge = Math.abs(dn - rn) < POLE_SLACK_KM || Math.abs(ds - rs) < POLE_SLACK_KM
        ? 2 * POLE_SLACK_KM : 0.0;
    boolean north = dn <= rn + nudge;
    boolean south = ds <= rs + nudge;

    DoubleUnaryOperator r = b -> radiusAt.applyAsDouble(b) + nudge;
    double[] lon;
    double[] lat;
    if (densify) {
      double tolDeg = Math.min(MAX_CHORD_DEVIATION_DEG, 0.25 * minRadius / KM_PER_DEG);
      List<double[]> pts = boundary(centre, n, r, tolDeg);
      lon = new double[pts.size()];
      lat = new double[pts.size()];
      for (int i = 0; i < lon.length; i++) {
        lon[i] = pts.get(i)[0];
        lat[i] = pts.get(i)[1];
      }
    } else {
      lon = new double[n];
      lat = new double[n];
      for (int i = 0; i < n; i++) {
        // Decreasing bearing: north, west, south, east = counter-clockwise seen from above.
        double bearing = (360.0 * (n - i) / n) % 360.0;
        LatLon p = Geodesy.destination(centre, bearing, r.applyAsDouble(bearing));
        lat[i] = p.lat();
        lon[i] = i == 0 ? p.lon() : unwrap(p.lon(), lon[i - 1]);
      }
    }
    n = lon.length;

    if (north && south) {
      Geometry hole = clipToWorld(planarRing(lon, lat));
      Geometry world = GF.toGeometry(new Envelope(-180, 180, -90, 90));
      return toRegion(world.difference(hole));
    }
    if (north || south) {
      return polar(lon, lat, north ? 90.0 : -90.0);
    }
    if (!xMonotone(lon)) {
      // A long ellipse can bend in the lon/lat plane (it is convex only on the sphere near its
      // centre): Sutherland–Hodgman below would leave overlapping slivers along the cut, so the
      // planar overlay clips it instead. The unwrapped ring is simple: it lifts a simple
      // pole-free curve.
      double minX = Double.POSITIVE_INFINITY;
      double maxX = Double.NEGATIVE_INFINITY;
      for (double x : lon) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
      if (minX < -180.0 || maxX > 180.0) {
        return toRegion(clipToWorld(planarRing(lon, lat)));
      }
    }
    double minLon = Double.POSITIVE_INFINITY;
    double maxLon = Double.NEGATIVE_INFINITY;
    for (double x : lon) {
      minLon = Math.min(minLon, x);
      maxLon = Math.max(maxLon, x);
    }
    if (minLon >= -180.0 && maxLon <= 180.0) {
      // The common case: nothing to cut, no planar overlay needed.
      List<LatLon> pts = new ArrayList<>(n + 1);
      for (int i = 0; i < n; i++) {
        pts.add(LatLon.of(lat[i], lon[i]));
      }
      pts.add(pts.get(0));
      GeoRing ring = new GeoRing(pts);
      return new GeoRegion(List.of(GeoPolygon.of(ring.isCounterClockwise() ? ring
          : ring.reversed())));
    }
    return cutAtAntimeridian(lon, lat, maxLon > 180.0 ? 180.0 : -180.0);
  }

  /**
   * The boundary at decreasing bearings (north, west, south, east: counter-clockwise seen from
   * above) as unwrapped {lon, lat} pairs, each of the {@code n} bearing steps halved while its
   * straight edge strays from the curve (see {@link #build(LatLon, int, DoubleUnaryOperator,
   * boolean)}).
   */
  private static List<double[]> boundary(LatLon centre, int n, DoubleUnaryOperator r,
      double tolDeg) {
    List<double[]> out = new ArrayList<>(2 * n);
    double[] first = point(centre, 0.0, r, Double.NaN);
    double[] prev = first;
    out.add(first);
    for (int i = 0; i < n; i++) {
      double from = 360.0 * (n - i) / n;
      double to = 360.0 * (n - i - 1) / n;
      double[] next = i == n - 1 ? null : point(centre, to, r, prev[0]);
      if (next == null) {
        // Back at bearing 0: the first point, unwrapped next to the previous one.
        next = new double[] {unwrap(first[0], prev[0]), first[1]};
      }
      refine(centre, r, from, prev, to, next, 0, tolDeg, out);
      if (i < n - 1) {
        out.add(next);
      }
      prev = next;
    }
    return out;
  }

  /** Adds the points strictly between bearings {@code b0} and {@code b1} that the edge needs. */
  private static void refine(LatLon centre, DoubleUnaryOperator r, double b0, double[] p0,
      double b1, double[] p1, int depth, double tolDeg, List<double[]> out) {
    if (depth >= MAX_HALVINGS) {
      return;
    }
    double bm = 0.5 * (b0 + b1);
    double[] pm = point(centre, bm, r, p0[0]);
    double dx = pm[0] - 0.5 * (p0[0] + p1[0]);
    double dy = pm[1] - 0.5 * (p0[1] + p1[1]);
    if (dx * dx + dy * dy <= tolDeg * tolDeg) {
      return;
    }
    refine(centre, r, b0, p0, bm, pm, depth + 1, tolDeg, out);
    out.add(pm);
    refine(centre, r, bm, pm, b1, p1, depth + 1, tolDeg, out);
  }

  /** The boundary point at {@code bearing} as {lon, lat}, lon unwrapped next to {@code near}. */
  private static double[] point(LatLon centre, double bearing, DoubleUnaryOperator r,
      double near) {
    double b = ((bearing % 360.0) + 360.0) % 360.0;
    LatLon p = Geodesy.destination(centre, b, r.applyAsDouble(b));
    return new double[] {Double.isNaN(near) ? p.lon() : unwrap(p.lon(), near), p.lat()};
  }

  /** Whether every vertical line meets the closed ring in one segment (two turns of x, cyclic). */
  private static boolean xMonotone(double[] x) {
    int n = x.length;
    int turns = 0;
    int last = 0;
    for (int k = 0; k <= n; k++) {
      double d = x[(k + 1) % n] - x[k % n];
      int sign = d > 0 ? 1 : d < 0 ? -1 : 0;
      if (sign != 0) {
        if (last != 0 && sign != last) {
          turns++;
        }
        last = sign;
      }
    }
    return turns <= 2;
  }

  /**
   * Cuts a pole-free cap at the antimeridian without a planar overlay. A cap of radius below 90°
   * is geodesically convex, so every meridian meets it in one arc: its lon/lat image is
   * x-monotone (each vertical line crosses it in one segment), and so is the inscribed polygon.
   * Sutherland–Hodgman clipping against the half-planes on either side of {@code cut} therefore
   * yields exactly one simple polygon per side.
   */
  private static GeoRegion cutAtAntimeridian(double[] lon, double[] lat, double cut) {
    List<GeoPolygon> parts = new ArrayList<>(2);
    double shiftOutside = cut > 0 ? -360.0 : 360.0;
    addClipped(parts, lon, lat, cut, cut > 0, 0.0);
    addClipped(parts, lon, lat, cut, cut < 0, shiftOutside);
    return new GeoRegion(parts);
  }

  /** Clips the ring to x ≤ cut ({@code keepBelow}) or x ≥ cut, shifts by {@code shift}, adds it. */
  private static void addClipped(List<GeoPolygon> parts, double[] lon, double[] lat, double cut,
      boolean keepBelow, double shift) {
    int n = lon.length;
    List<LatLon> out = new ArrayList<>(n + 4);
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      boolean inI = keepBelow ? lon[i] <= cut : lon[i] >= cut;
      boolean inJ = keepBelow ? lon[j] <= cut : lon[j] >= cut;
      if (inI) {
        addDistinct(out, lat[i], lon[i] + shift);
      }
      if (inI != inJ) {
        double t = (cut - lon[i]) / (lon[j] - lon[i]);
        addDistinct(out, lat[i] + t * (lat[j] - lat[i]), cut + shift);
      }
    }
    if (out.size() > 1 && out.get(0).equals(out.get(out.size() - 1))) {
      out.remove(out.size() - 1);
    }
    if (out.size() < 3) {
      return; // the ring only touches the cut
    }
    GeoRing ring = GeoRing.closing(out);
    if (ring.signedArea2() == 0.0) {
      return;
    }
    parts.add(GeoPolygon.of(ring.isCounterClockwise() ? ring : ring.reversed()));
  }

  private static void addDistinct(List<LatLon> ring, double lat, double lon) {
    LatLon p = LatLon.of(clamp(lat, -90, 90), clamp(lon, -180, 180));
    if (ring.isEmpty() || !p.equals(ring.get(ring.size() - 1))) {
      ring.add(p);
    }
  }

  private static double unwrap(double lon, double previous) {
    double d = lon - previous;
    return previous + (d - 360.0 * Math.rint(d / 360.0));
  }

  private static Polygon planarRing(double[] lon, double[] lat) {
    Coordinate[] c = new Coordinate[lon.length + 1];
    for (int i = 0; i < lon.length; i++) {
      c[i] = new Coordinate(lon[i], lat[i]);
    }
    c[lon.length] = c[0].copy();
    return GF.createPolygon(c);
  }

  /** Clips a planar polygon with unwrapped longitudes into [−180, 180], shifting pieces by 360°. */
  private static Geometry clipToWorld(Polygon ring) {
    List<Polygon> pieces = new ArrayList<>(2);
    for (int k = -1; k <= 1; k++) {
      double shift = 360.0 * k;
      Geometry box = GF.toGeometry(new Envelope(-180 + shift, 180 + shift, -90, 90));
      if (!ring.getEnvelopeInternal().intersects(box.getEnvelopeInternal())) {
        continue;
      }
      Geometry piece = ring.intersection(box);
      if (piece.getArea() <= 0) {
        continue;
      }
      if (k != 0) {
        piece = AffineTransformation.translationInstance(-shift, 0).transform(piece);
      }
      for (int i = 0; i < piece.getNumGeometries(); i++) {
        if (piece.getGeometryN(i) instanceof Polygon p && p.getArea() > 0) {
          pieces.add(p);
        }
      }
    }
    // Pieces from different strips lie on different sides of the antimeridian after shifting
    // (the ring spans < 180° of longitude), so they never overlap: no union needed.
    return GF.createMultiPolygon(pieces.toArray(new Polygon[0]));
  }

  /** A cap covering one pole: cut at the antimeridian, closed along it and the pole's parallel. */
  private static GeoRegion polar(double[] lon, double[] lat, double poleLat) {
    int n = lon.length;
    double net = unwrap(lon[0], lon[n - 1]) - lon[0];
    double[] x = new double[n + 1];
    double[] y = new double[n + 1];
    // Order the boundary by increasing longitude over one full turn.
    boolean reverse = net < 0;
    for (int i = 0; i < n; i++) {
      int src = reverse ? n - 1 - i : i;
      x[i] = lon[src];
      y[i] = lat[src];
    }
    for (int i = 1; i < n; i++) {
      x[i] = unwrap(x[i], x[i - 1]);
    }
    double shift = 360.0 * Math.floor((x[0] + 180.0) / 360.0);
    for (int i = 0; i < n; i++) {
      x[i] -= shift;
    }
    x[n] = x[0] + 360.0;
    y[n] = y[0];
    for (int i = 0; i < n; i++) {
      if (x[i + 1] < x[i]) {
        return polarBending(x, y, poleLat);
      }
    }
    // x[0] in [-180, 180), x[n] in [180, 540): find the edge crossing 180.
    int j = 0;
    while (j < n && x[j + 1] < 180.0) {
      j++;
    }
    double t = (180.0 - x[j]) / (x[j + 1] - x[j]);
    double latCross = y[j] + t * (y[j + 1] - y[j]);
    List<LatLon> ring = new ArrayList<>(n + 6);
    ring.add(LatLon.of(latCross, -180.0));
    for (int i = j + 1; i <= n; i++) {
      add(ring, y[i], x[i] - 360.0);
    }
    for (int i = 1; i <= j; i++) {
      add(ring, y[i], x[i]);
    }
    add(ring, latCross, 180.0);
    add(ring, poleLat, 180.0);
    add(ring, poleLat, -180.0);
    add(ring, latCross, -180.0);
    GeoRing exterior = new GeoRing(ring);
    return new GeoRegion(List.of(GeoPolygon.of(exterior.isCounterClockwise()
        ? exterior : exterior.reversed())));
  }

  /**
   * A cap covering one pole whose boundary turns back in longitude (an ellipse stretched past the
   * pole): cut along a meridian the boundary crosses once, closed there along the pole's parallel
   * — a simple polygon one turn wide — then clipped to the world with the planar overlay and its
   * pieces merged. {@code x} holds one turn of the boundary, {@code x[n] = x[0] + 360}.
   */
  private static GeoRegion polarBending(double[] x, double[] y, double poleLat) {
    int n = x.length - 1;
    double cut = Double.NaN;
    List<Double> candidates = new ArrayList<>(n + 1);
    candidates.add(180.0);
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = ((x[i] % 360.0) + 360.0) % 360.0;
    }
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      double next = i + 1 < n ? sorted[i + 1] : sorted[0] + 360.0;
      if (next - sorted[i] > 1e-9) {
        candidates.add(0.5 * (sorted[i] + next));
      }
    }
    for (double c : candidates) {
      if (crossings(x, c) == 1) {
        cut = c;
        break;
      }
    }
    if (Double.isNaN(cut)) {
      throw new IllegalStateException("polar cap boundary crosses every meridian more than once;"
          + " report this with the centre and axes");
    }
    // The one edge that crosses the cut meridian (some cut + 360·m) and where.
    int j = -1;
    double at = Double.NaN;
    for (int i = 0; i < n && j < 0; i++) {
      double lo = Math.min(x[i], x[i + 1]);
      double hi = Math.max(x[i], x[i + 1]);
      double m = Math.ceil((lo - cut) / 360.0);
      if (cut + 360.0 * m < hi) {
        j = i;
        at = cut + 360.0 * m;
      }
    }
    double t = (at - x[j]) / (x[j + 1] - x[j]);
    double latCross = y[j] + t * (y[j + 1] - y[j]);
    // Shift so the polygon spans [at, at + 360] with at in [-180, 180): the world and the strip
    // east of it hold all of it.
    double shift = 360.0 * Math.floor((at + 180.0) / 360.0);
    at -= shift;
    List<Coordinate> ring = new ArrayList<>(n + 6);
    ring.add(new Coordinate(at, latCross));
    for (int k = 1; k <= n; k++) {
      int i = j + k;
      ring.add(i <= n ? new Coordinate(x[i] - shift, y[i])
          : new Coordinate(x[i - n] + 360.0 - shift, y[i - n]));
    }
    ring.add(new Coordinate(at + 360.0, latCross));
    ring.add(new Coordinate(at + 360.0, poleLat));
    ring.add(new Coordinate(at, poleLat));
    ring.add(new Coordinate(at, latCross));
    Polygon p = GF.createPolygon(ring.toArray(new Coordinate[0]));
    return toRegion(clipToWorld(p).union());
  }

  /** How many times the ring {@code x[0..n]} (one turn) crosses the meridians {@code c + 360·m}. */
  private static int crossings(double[] x, double c) {
    int count = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double lo = Math.min(x[i], x[i + 1]);
      double hi = Math.max(x[i], x[i + 1]);
      // meridians c + 360·m in [lo, hi)
      count += (int) (Math.ceil((hi - c) / 360.0) - Math.ceil((lo - c) / 360.0));
    }
    return count;
  }

  private static void add(List<LatLon> ring, double lat, double lon) {
    LatLon p = LatLon.of(clamp(lat, -90, 90), clamp(lon, -180, 180));
    if (!p.equals(ring.get(ring.size() - 1))) {
      ring.add(p);
    }
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static GeoRegion toRegion(Geometry g) {
    List<GeoPolygon> out = new ArrayList<>(g.getNumGeometries());
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p && !p.isEmpty() && p.getArea() > 0) {
        List<GeoRing> holes = new ArrayList<>(p.getNumInteriorRing());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          GeoRing hole = ring(p.getInteriorRingN(h));
          holes.add(hole.isCounterClockwise() ? hole.reversed() : hole);
        }
        GeoRing ext = ring(p.getExteriorRing());
        out.add(new GeoPolygon(ext.isCounterClockwise() ? ext : ext.reversed(), holes));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("circle polygon construction produced no area; report this"
          + " with the centre and radius");
    }
    return new GeoRegion(out);
  }

  private static GeoRing ring(LinearRing r) {
    Coordinate[] cs = r.getCoordinates();
    List<LatLon> pts = new ArrayList<>(cs.length);
    for (Coordinate c : cs) {
      pts.add(LatLon.of(clamp(c.y, -90, 90), clamp(c.x, -180, 180)));
    }
    return new GeoRing(pts);
  }
}
