package io.geofusion.locate;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses the N most informative vantages for one target from a list of candidates: the closest
 * to the target's GeoIP guess, which give the tightest RTT disks around the likely position, plus
 * a spread over the Earth, which catches a GeoIP guess that is wrong (a VPN exit, a moved
 * block) and bounds the target from every side. The strategy of the IMC 2023 replication of the
 * street-level and million-scale geolocation papers (Darwich et al., "Replication: Towards a
 * Publicly Available Internet Scale IP Geolocation Dataset", IMC 2023; code
 * dioptra-io/geoloc-imc-2023): a greedy coverage set, then one vantage per AS in the target's
 * area. docs/vantage-selection.md states the algorithm and how it differs.
 *
 * <ol>
 *   <li><b>Eligible</b>: candidates whose status is not {@link VantageCandidate.Status#UNAVAILABLE};
 *       a candidate id given twice counts once (the first).
 *   <li><b>Near</b> (with a guess): {@code k = round(n × nearShare)} vantages. The near area is
 *       the disk around the guess whose radius is the larger of the guess's accuracy radius and
 *       the distance of the k-th closest eligible vantage. Inside it, in order of distance to the
 *       guess, first one vantage per AS (unknown ASNs are all distinct), then the closest of the
 *       rest.
 *   <li><b>Spread</b>: the remaining picks, one at a time, each maximising the sum over the
 *       vantages already chosen of {@code ln(max(d, 1 km))}, d the great-circle distance (the
 *       replication's greedy coverage score; a product of distances, so one close neighbour
 *       weighs heavily). Without a guess every pick is a spread pick, and the first is the
 *       candidate with the smallest id.
 * </ol>
 *
 * <p><b>Deterministic</b>: the same candidates (in any order), guess and n give the same list;
 * every tie is broken by id (numerically when both ids are integers, else as text). Distances in
 * the selection use a sphere of radius {@link Geodesy#MEAN_EARTH_RADIUS_KM} (within 0.5 % of
 * WGS84), reported distances to the guess likewise. Cost: O(C × n) distance evaluations for C
 * candidates (10,000 probes, n = 100: about a million, well under a second).
 *
 * <p>Immutable and thread-safe.
 */
public final class VantageSelector {

  /** The near share of the replication-style default: half near the guess, half spread. */
  public static final double DEFAULT_NEAR_SHARE = 0.5;

  /** Upper bound of n: more vantages than this per target is never informative. */
  public static final int MAX_VANTAGES = 1000;

  private static final VantageSelector DEFAULT = new VantageSelector(DEFAULT_NEAR_SHARE);

  private final double nearShare;

  private VantageSelector(double nearShare) {
    this.nearShare = nearShare;
  }

  /** Half near the guess, half spread ({@link #DEFAULT_NEAR_SHARE}). */
  public static VantageSelector defaults() {
    return DEFAULT;
  }

  /**
   * A selector giving {@code nearShare} of the picks to the guess's neighbourhood.
   *
   * @param nearShare in [0, 1]: 0 spreads every pick, 1 takes only near vantages
   * @throws IllegalArgumentException when out of range or NaN
   */
  public static VantageSelector withNearShare(double nearShare) {
    if (!(nearShare >= 0 && nearShare <= 1)) {
      throw new IllegalArgumentException("near share must be in [0, 1], got " + nearShare);
    }
    return new VantageSelector(nearShare);
  }

  /** Why a vantage was chosen. */
  public enum Reason {
    /** Near the GeoIP guess. */
    NEAR,
    /** For coverage: far from the vantages chosen before it. */
    SPREAD
  }

  /**
   * One chosen vantage.
   *
   * @param vantage the candidate
   * @param reason why it was chosen
   * @param distanceKm great-circle distance to the guess, km, or NaN without a guess
   */
  public record Choice(VantageCandidate vantage, Reason reason, double distanceKm) {

    public Choice {
      Objects.requireNonNull(vantage, "vantage");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Chooses up to {@code n} vantages (fewer when fewer are eligible): near ones first, in order
   * of distance to the guess, then spread ones in the order picked.
   *
   * @param guess the target's GeoIP position, or null when unknown (every pick is then spread)
   * @param accuracyKm the guess's accuracy radius, km, finite and ≥ 0 (ignored without a guess)
   * @param candidates the vantages to choose from
   * @param n how many, 1 to {@value #MAX_VANTAGES}
   * @throws IllegalArgumentException when n or the accuracy is out of range
   */
  public List<Choice> select(LatLon guess, double accuracyKm,
      Collection<VantageCandidate> candidates, int n) {
    Objects.requireNonNull(candidates, "candidates");
    if (n < 1 || n > MAX_VANTAGES) {
      throw new IllegalArgumentException("number of vantages must be in [1, " + MAX_VANTAGES
          + "], got " + n);
    }
    if (guess != null && (!(accuracyKm >= 0) || Double.isInfinite(accuracyKm))) {
      throw new IllegalArgumentException("accuracy radius must be a finite number of km >= 0, got "
          + accuracyKm);
    }
    List<Point> eligible = eligible(candidates, guess);
    List<Choice> out = new ArrayList<>(Math.min(n, eligible.size()));
    boolean[] taken = new boolean[eligible.size()];
    if (guess != null) {
      int k = (int) Math.round(n * nearShare);
      near(eligible, k, accuracyKm, taken, out);
    }
    spread(eligible, n, taken, out, guess != null);
    return List.copyOf(out);
  }

  /** The candidates that may be chosen, each once, sorted by id (or by distance, then id). */
  private static List<Point> eligible(Collection<VantageCandidate> candidates, LatLon guess) {
    Set<String> seen = new HashSet<>();
    List<Point> out = new ArrayList<>();
    double[] g = guess == null ? null : unit(guess);
    for (VantageCandidate c : candidates) {
      Objects.requireNonNull(c, "candidate");
      if (c.available() && seen.add(c.id())) {
        double[] u = unit(c.at());
        out.add(new Point(c, u, g == null ? Double.NaN : km(u, g)));
      }
    }
    Comparator<Point> byId = (a, b) -> compareIds(a.c.id(), b.c.id());
    out.sort(guess == null ? byId
        : Comparator.comparingDouble((Point p) -> p.toGuessKm).thenComparing(byId));
    return out;
  }

  private static void near(List<Point> sorted, int k, double accuracyKm, boolean[] taken,
      List<Choice> out) {
    if (k == 0 || sorted.isEmpty()) {
      return;
    }
    double radius = Math.max(accuracyKm, sorted.get(Math.min(k, sorted.size()) - 1).toGuessKm);
    Set<Long> asns = new HashSet<>();
    for (int i = 0; i < sorted.size() && out.size() < k; i++) {
      Point p = sorted.get(i);
      if (p.toGuessKm > radius) {
        break;
      }
      Long asn = p.c.asn();
      if (asn == null || asns.add(asn)) {
        taken[i] = true;
        out.add(new Choice(p.c, Reason.NEAR, p.toGuessKm));
      }
    }
    for (int i = 0; i < sorted.size() && out.size() < k; i++) {
      if (!taken[i]) {
        taken[i] = true;
        out.add(new Choice(sorted.get(i).c, Reason.NEAR, sorted.get(i).toGuessKm));
      }
    }
    out.sort(Comparator.comparingDouble(Choice::distanceKm)
        .thenComparing((a, b) -> compareIds(a.vantage().id(), b.vantage().id())));
  }

  private static void spread(List<Point> points, int n, boolean[] taken, List<Choice> out,
      boolean withGuess) {
    int size = points.size();
    double[] score = new double[size];
    List<double[]> chosen = new ArrayList<>();
    for (Choice c : out) {
      chosen.add(unit(c.vantage().at()));
    }
    for (int i = 0; i < size; i++) {
      for (double[] u : chosen) {
        score[i] += Math.log(Math.max(1.0, km(points.get(i).u, u)));
      }
    }
    while (out.size() < n) {
      int best = -1;
      for (int i = 0; i < size; i++) {
        if (taken[i]) {
          continue;
        }
        if (best < 0 || score[i] > score[best] || (score[i] == score[best]
            && compareIds(points.get(i).c.id(), points.get(best).c.id()) < 0)) {
          best = i;
        }
      }
      if (best < 0) {
        return;
      }
      taken[best] = true;
      Point p = points.get(best);
      out.add(new Choice(p.c, Reason.SPREAD, withGuess ? p.toGuessKm : Double.NaN));
      for (int i = 0; i < size; i++) {
        if (!taken[i]) {
          score[i] += Math.log(Math.max(1.0, km(points.get(i).u, p.u)));
        }
      }
    }
  }

  /**
   * Orders ids: numerically when both are integers (probe 9 before probe 10), else as text,
   * integers first.
   */
  static int compareIds(String a, String b) {
    boolean na = isInteger(a);
    boolean nb = isInteger(b);
    if (na && nb) {
      int byLength = Integer.compare(stripZeros(a).length(), stripZeros(b).length());
      return byLength != 0 ? byLength : stripZeros(a).compareTo(stripZeros(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  private static double[] unit(LatLon p) {
    double lat = Math.toRadians(p.lat());
    double lon = Math.toRadians(p.lon());
    return new double[] {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon),
        Math.sin(lat)};
  }

  /** Great-circle distance between unit vectors on the mean sphere, km. */
  private static double km(double[] a, double[] b) {
    double cx = a[1] * b[2] - a[2] * b[1];
    double cy = a[2] * b[0] - a[0] * b[2];
    double cz = a[0] * b[1] - a[1] * b[0];
    double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    return Geodesy.MEAN_EARTH_RADIUS_KM * Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
  }

  private record Point(VantageCandidate c, double[] u, double toGuessKm) {}
}
