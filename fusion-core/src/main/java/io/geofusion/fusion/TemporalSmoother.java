package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-entity temporal smoothing of location distributions (docs/architecture.md §2 item 9, §4):
 * {@code P_t = α·P_now + (1 − α)·P_prev} with {@code α = 1 − exp(−Δt/τ)}, applied to Gaussian
 * mixtures by scaling the new components' weights by α and the previous ones' by 1 − α, then
 * merging the closest pair (Salmond's criterion {@code w_i·w_j/(w_i + w_j)·|μ_i − μ_j|²},
 * moment-preserving merge) until at most {@code maxComponents} remain. Covariances of merged
 * components are added in the merged mean's tangent plane, treating the components' own east/north
 * frames as aligned (exact for nearby components, an approximation across continents).
 *
 * <p>Times are caller-supplied nanoseconds from one monotonic clock (an injected ticker); an
 * update older than the stored one counts as Δt = 0 (α = 0: the state is kept). The first update
 * of an entity is taken as is. Thread-safe: updates of one entity are atomic
 * ({@link ConcurrentHashMap#compute}); at most {@code maxEntities} are kept, evicting the least
 * recently updated.
 */
public final class TemporalSmoother {

  /** A smoothed state. */
  public record Smoothed(String entity, LatLon estimate, LocationDistribution distribution,
      long atNanos, double alpha) {}

  private final double tauNanos;
  private final int maxComponents;
  private final int maxEntities;
  private final Map<String, Smoothed> states = new ConcurrentHashMap<>();

  /**
   * @param tauSeconds time constant τ, seconds &gt; 0
   * @param maxComponents bound on the mixture size, 1..16
   * @param maxEntities bound on remembered entities, ≥ 1
   */
  public TemporalSmoother(double tauSeconds, int maxComponents, int maxEntities) {
    if (!(tauSeconds > 0.0) || Double.isInfinite(tauSeconds)) {
      throw new IllegalArgumentException("tau must be finite and > 0 s, got " + tauSeconds);
    }
    if (maxComponents < 1 || maxComponents > 16) {
      throw new IllegalArgumentException("max components must be in [1, 16], got "
          + maxComponents);
    }
    if (maxEntities < 1) {
      throw new IllegalArgumentException("max entities must be >= 1, got " + maxEntities);
    }
    this.tauNanos = tauSeconds * 1e9;
    this.maxComponents = maxComponents;
    this.maxEntities = maxEntities;
  }

  /** The current state of an entity, if any. */
  public Optional<Smoothed> current(String entity) {
    return Optional.ofNullable(states.get(entity));
  }

  /**
   * Sets an entity's state as it was at {@code atNanos} on this smoother's clock, e.g. restored
   * from a history store after a restart; later {@link #update}s blend into it as into any state
   * (α from the time since {@code atNanos}). A state already held that is as recent or more
   * recent is kept. Counts towards {@code maxEntities} like an update.
   *
   * @return the state now held for the entity
   */
  public Smoothed seed(String entity, LatLon estimate, LocationDistribution distribution,
      long atNanos) {
    Objects.requireNonNull(entity, "entity must not be null");
    Objects.requireNonNull(estimate, "estimate must not be null");
    Objects.requireNonNull(distribution, "distribution must not be null");
    if (distribution.components().isEmpty()) {
      throw new IllegalArgumentException("a seeded state needs at least one mixture component");
    }
    Smoothed s = states.compute(entity, (k, prev) -> prev != null && prev.atNanos() >= atNanos
        ? prev : new Smoothed(entity, estimate, distribution, atNanos, 1.0));
    if (states.size() > maxEntities) {
      evictOldest();
    }
    return s;
  }

  /** Forgets an entity. */
  public void forget(String entity) {
    states.remove(entity);
  }

  /**
   * Blends a new result into the entity's state and returns the new state. An {@link
   * FusionResult.Abstained} result (no evidence) leaves the state unchanged; then the state is
   * returned as it was, null when the entity has none.
   */
  public Smoothed update(FusionResult now, long atNanos) {
    Objects.requireNonNull(now, "result must not be null");
    String entity = now.entity();
    Smoothed s = states.compute(entity, (k, prev) -> {
      if (!(now instanceof FusionResult.Located located)) {
        return prev;
      }
      if (prev == null) {
        return new Smoothed(entity, located.estimate(), located.distribution(), atNanos, 1.0);
      }
      double dt = Math.max(0.0, (double) (atNanos - prev.atNanos()));
      double alpha = 1.0 - Math.exp(-dt / tauNanos);
      List<MixtureComponent> all = new ArrayList<>();
      for (MixtureComponent c : located.distribution().components()) {
        all.add(scaled(c, alpha));
      }
      for (MixtureComponent c : prev.distribution().components()) {
        all.add(scaled(c, 1.0 - alpha));
      }
      all.removeIf(c -> !(c.weight() > 0.0));
      List<MixtureComponent> merged = reduce(all, maxComponents);
      double unc = alpha * located.distribution().uncertaintyKm()
          + (1.0 - alpha) * prev.distribution().uncertaintyKm();
      LatLon est = meanOf(merged);
      // The blended radius can understate a mixture whose modes moved apart: never below the
      // distance from the estimate to any component holding ≥ 10 % of the mass.
      for (MixtureComponent c : merged) {
        if (c.weight() >= 0.1) {
          unc = Math.max(unc, Geodesy.distanceKm(est, c.mean()) + 2.0 * c.sigmaMajorKm());
        }
      }
      return new Smoothed(entity, est, new LocationDistribution(merged, unc),
          Math.max(atNanos, prev.atNanos()), alpha);
    });
    if (states.size() > maxEntities) {
      evictOldest();
    }
    return s;
  }

  private void evictOldest() {
    while (states.size() > maxEntities) {
      String oldest = null;
      long t = Long.MAX_VALUE;
      for (Map.Entry<String, Smoothed> e : states.entrySet()) {
        if (e.getValue().atNanos() < t) {
          t = e.getValue().atNanos();
          oldest = e.getKey();
        }
      }
      if (oldest == null) {
        return;
      }
      states.remove(oldest);
    }
  }

  private static MixtureComponent scaled(MixtureComponent c, double f) {
    return new MixtureComponent(c.mean(), Math.max(0.0, Math.min(1.0, c.weight() * f)),
        c.covEastEastKm2(), c.covEastNorthKm2(), c.covNorthNorthKm2());
  }

  /** Merges closest pairs until at most k components remain; weights renormalised to 1. */
  static List<MixtureComponent> reduce(List<MixtureComponent> in, int k) {
    List<MixtureComponent> cs = new ArrayList<>(in);
    while (cs.size() > k) {
      int bi = 0;
      int bj = 1;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < cs.size(); i++) {
        for (int j = i + 1; j < cs.size(); j++) {
          MixtureComponent a = cs.get(i);
          MixtureComponent b = cs.get(j);
          double d = Geodesy.distanceKm(a.mean(), b.mean());
          double cost = a.weight() * b.weight() / (a.weight() + b.weight()) * d * d;
          if (cost < best) {
            best = cost;
            bi = i;
            bj = j;
          }
        }
      }
      MixtureComponent m = merge(cs.get(bi), cs.get(bj));
      cs.remove(bj);
      cs.set(bi, m);
    }
    double sum = 0.0;
    for (MixtureComponent c : cs) {
      sum += c.weight();
    }
    List<MixtureComponent> out = new ArrayList<>();
    for (MixtureComponent c : cs) {
      out.add(new MixtureComponent(c.mean(), c.weight() / sum, c.covEastEastKm2(),
          c.covEastNorthKm2(), c.covNorthNorthKm2()));
    }
    out.sort((a, b) -> Double.compare(b.weight(), a.weight()));
    return out;
  }

  static MixtureComponent merge(MixtureComponent a, MixtureComponent b) {
    double w = a.weight() + b.weight();
    double[] ua = SphereMath.unit(a.mean());
    double[] ub = SphereMath.unit(b.mean());
    double[] m = new double[3];
    for (int i = 0; i < 3; i++) {
      m[i] = a.weight() * ua[i] + b.weight() * ub[i];
    }
    LatLon mean = SphereMath.toLatLon(m[0], m[1], m[2]);
    double[] ea = offsetKm(mean, a.mean());
    double[] eb = offsetKm(mean, b.mean());
    double fa = a.weight() / w;
    double fb = b.weight() / w;
    double see = fa * (a.covEastEastKm2() + ea[0] * ea[0]) + fb * (b.covEastEastKm2()
        + eb[0] * eb[0]);
    double sen = fa * (a.covEastNorthKm2() + ea[0] * ea[1]) + fb * (b.covEastNorthKm2()
        + eb[0] * eb[1]);
    double snn = fa * (a.covNorthNorthKm2() + ea[1] * ea[1]) + fb * (b.covNorthNorthKm2()
        + eb[1] * eb[1]);
    double lim = Math.sqrt(see * snn);
    sen = Math.max(-lim, Math.min(lim, sen));
    return new MixtureComponent(mean, Math.min(1.0, w), see, sen, snn);
  }

  /** East/north offset of p from origin in the azimuthal-equidistant plane, km. */
  private static double[] offsetKm(LatLon origin, LatLon p) {
    double d = Geodesy.distanceKm(origin, p);
    if (d < 1e-9) {
      return new double[] {0.0, 0.0};
    }
    double b = Math.toRadians(Geodesy.initialBearingDeg(origin, p));
    return new double[] {d * Math.sin(b), d * Math.cos(b)};
  }

  private static LatLon meanOf(List<MixtureComponent> cs) {
    double[] s = new double[3];
    for (MixtureComponent c : cs) {
      double[] u = SphereMath.unit(c.mean());
      for (int i = 0; i < 3; i++) {
        s[i] += c.weight() * u[i];
      }
    }
    if (Arrays.stream(s).allMatch(v -> Math.abs(v) < 1e-12)) {
      return cs.get(0).mean();
    }
    return SphereMath.toLatLon(s[0], s[1], s[2]);
  }
}
