package io.geofusion.fusion;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Fuses RTT, GeoIP, RF and host-class evidence about one target into a posterior over the
 * sphere, summarised as a Gaussian mixture with 50 % and 90 % confidence circles, per-layer
 * evidence scores and consistency alerts. The model is documented formula by formula in
 * docs/fusion.md; its calibration on real ground truth is in docs/evaluation.md.
 *
 * <p>Immutable and safe to share across threads; build it once:
 * <pre>{@code
 * FusionEngine engine = FusionEngine.builder().build();
 * FusionResult r = engine.fuse(FusionInput.builder("203.0.113.7")
 *     .vantage(VantageObservation.of("fra", LatLon.of(50.11, 8.68), 12.4))
 *     .geoIp(GeoIpEvidence.of(LatLon.of(52.37, 4.90), 20))
 *     .build());
 * }</pre>
 * {@link #fuse} never throws on empty or contradictory evidence and never returns NaN: without any
 * evidence it abstains; contradictions lower weights (outlier floors) and raise alerts.
 */
public final class FusionEngine {

  private final RttLikelihoodModel rttModel;
  private final RttTable table;
  private final double rttTemperature;
  private final double geoIpWeight;
  private final double inconsistentGeoIpFactor;
  private final double countryCentroidMinSigmaKm;
  private final double consistencyTolerance;
  private final double consistencySlackKm;
  private final int geoIpMinViolations;
  private final HostClassifier classifier;
  private final double pruneNats;
  private final double finestCellDeg;
  private final int maxCells;

  private FusionEngine(Builder b) {
    this.rttModel = b.rttModel;
    this.table = new RttTable(b.rttModel);
    this.rttTemperature = b.rttTemperature;
    this.geoIpWeight = b.geoIpWeight;
    this.inconsistentGeoIpFactor = b.inconsistentGeoIpFactor;
    this.countryCentroidMinSigmaKm = b.countryCentroidMinSigmaKm;
    this.consistencyTolerance = b.consistencyTolerance;
    this.consistencySlackKm = b.consistencySlackKm;
    this.geoIpMinViolations = b.geoIpMinViolations;
    this.classifier = b.classifier;
    this.pruneNats = b.pruneNats;
    this.finestCellDeg = b.finestCellDeg;
    this.maxCells = b.maxCells;
  }

  /** A builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The RTT likelihood model in use. */
  public RttLikelihoodModel rttModel() {
    return rttModel;
  }

  /**
   * Fuses the evidence about one target.
   *
   * @throws NullPointerException if {@code input} is null
   */
  public FusionResult fuse(FusionInput input) {
    Objects.requireNonNull(input, "input must not be null");
    int n = input.vantages().size();
    double[][] vunit = new double[n][];
    double[] bound = new double[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      VantageObservation v = input.vantages().get(i);
      vunit[i] = SphereMath.unit(v.location());
      bound[i] = rttModel.hardBoundKm(v.minRttMs() - v.localDelayMs());
      ids[i] = v.id();
    }
    List<FusionAlert> alerts = new ArrayList<>();

    // Consistency checks (hard bounds, no grid).
    ConsistencyChecker.AnycastCheck anycast = n >= 2
        ? ConsistencyChecker.checkAnycast(vunit, bound, ids, n, consistencyTolerance,
            consistencySlackKm)
        : new ConsistencyChecker.AnycastCheck(false, 0, "");
    if (anycast.suspected()) {
      alerts.add(new FusionAlert(FusionAlert.ANYCAST, "anycast_or_multiple_sites",
          Math.min(1.0, 0.5 + 0.05 * anycast.disjointPairs()), anycast.detail()));
    }
    GeoIpEvidence geo = input.geoIp();
    boolean geoInconsistent = false;
    double[] gunit = null;
    if (geo != null) {
      gunit = SphereMath.unit(geo.centre());
      ConsistencyChecker.GeoIpCheck gc = ConsistencyChecker.checkGeoIp(vunit, bound, ids, n,
          gunit, geo.accuracyRadiusKm(), consistencyTolerance, consistencySlackKm);
      if (gc.violations() >= geoIpMinViolations) {
        geoInconsistent = true;
        double severity = Math.min(1.0, 1.0 - 1.0 / Math.max(1.0, gc.worstRatio()));
        alerts.add(new FusionAlert(FusionAlert.LOCATION_INCONSISTENCY, "vpn_or_proxy",
            Math.max(0.0, severity), gc.detail() + String.format(Locale.ROOT,
                "; %d vantage(s) contradict the GeoIP position", gc.violations())));
      }
    }

    HostClassification cls = classifier.classify(input.signals(), anycast.suspected(),
        geoInconsistent);
    if (cls == null) {
      cls = HostClassification.UNKNOWN;
    }
    ClassPrior prior = cls.label().prior();

    // Layers.
    List<Layer> layers = new ArrayList<>();
    GeoIpLayer geoLayer = null;
    double usedGeoWeight = 0.0;
    if (geo != null) {
      double sigma = geo.accuracyRadiusKm() / GeoIpLayer.RADIUS67_TO_SIGMA
          * prior.geoIpSigmaFactor();
      if (geo.countryCentroid()) {
        sigma = Math.max(sigma, countryCentroidMinSigmaKm);
      }
      usedGeoWeight = geoIpWeight * prior.geoIpWeight()
          * (geoInconsistent ? inconsistentGeoIpFactor : 1.0);
      geoLayer = new GeoIpLayer(gunit, sigma, usedGeoWeight);
      layers.add(geoLayer);
    }
    for (RfBearing rf : input.rf()) {
      layers.add(new RfLayer(rf));
    }

    if (n == 0 && layers.isEmpty()) {
      return abstain(input.entity(), cls, "no evidence");
    }

    double[] vx = new double[n];
    double[] vy = new double[n];
    double[] vz = new double[n];
    double[] invS = new double[n];
    int[] bins = new int[n];
    for (int i = 0; i < n; i++) {
      VantageObservation v = input.vantages().get(i);
      double eff = Math.max(0.0, v.minRttMs() - v.localDelayMs() - prior.extraDelayMs());
      vx[i] = vunit[i][0];
      vy[i] = vunit[i][1];
      vz[i] = vunit[i][2];
      invS[i] = 1.0 / Math.max(1e-6, rttModel.hardBoundKm(eff) + rttModel.slackKm());
      bins[i] = RttTable.bin(eff);
    }
    GridPosterior grid = new GridPosterior(table, vx, vy, vz, invS, bins, n, rttTemperature,
        layers.toArray(new Layer[0]), pruneNats, finestCellDeg, maxCells);
    grid.compute();

    List<MixtureFitter.Comp> comps = new MixtureFitter(grid).fit();
    double[] est = estimate(grid, comps);
    LatLon estimate = SphereMath.toLatLon(est[0], est[1], est[2]);
    double[] eu = SphereMath.unit(estimate);
    double r50 = CircleRadius.radiusKm(grid, eu, 0.5);
    double r90 = Math.max(r50, CircleRadius.radiusKm(grid, eu, 0.9));

    List<MixtureComponent> mix = new ArrayList<>();
    for (MixtureFitter.Comp c : comps) {
      mix.add(new MixtureComponent(SphereMath.toLatLon(c.mx, c.my, c.mz), c.weight, c.see, c.sen,
          c.snn));
    }
    mix = normalise(mix);

    Map<String, Double> evidence = new LinkedHashMap<>();
    if (n > 0) {
      evidence.put("rtt", rttEvidence(eu, vx, vy, vz, invS, bins, n));
    }
    if (geoLayer != null) {
      evidence.put("geoip", posteriorResponsibility(grid, geoLayer));
    }
    if (!input.rf().isEmpty()) {
      double s = 0.0;
      for (Layer l : layers) {
        if (l instanceof RfLayer) {
          s += posteriorResponsibility(grid, l);
        }
      }
      evidence.put("rf", s / input.rf().size());
    }
    evidence.put("semantic", cls.confidence());

    return new FusionResult(input.entity(), estimate,
        new ConfidenceCircle(estimate, r50, 0.5), new ConfidenceCircle(estimate, r90, 0.9),
        new LocationDistribution(mix, r90), evidence, alerts, cls, false,
        new FusionResult.Diagnostics(n, grid.evaluated, grid.levels, grid.sizeDeg,
            usedGeoWeight));
  }

  private static List<MixtureComponent> normalise(List<MixtureComponent> mix) {
    double s = 0.0;
    for (MixtureComponent c : mix) {
      s += c.weight();
    }
    List<MixtureComponent> out = new ArrayList<>(mix.size());
    for (MixtureComponent c : mix) {
      out.add(new MixtureComponent(c.mean(), c.weight() / s, c.covEastEastKm2(),
          c.covEastNorthKm2(), c.covNorthNorthKm2()));
    }
    return out;
  }

  /**
   * The estimate: the posterior's spherical mean, unless the mixture has a heavier mode well
   * separated from the others (anycast, contradictions), in which case that mode's mean — an
   * average of two distant modes would be a place no evidence supports.
   */
  private static double[] estimate(GridPosterior g, List<MixtureFitter.Comp> comps) {
    if (comps.size() >= 2) {
      MixtureFitter.Comp a = comps.get(0);
      for (int i = 1; i < comps.size(); i++) {
        MixtureFitter.Comp b = comps.get(i);
        double d = SphereMath.distanceKm(new double[] {a.mx, a.my, a.mz},
            new double[] {b.mx, b.my, b.mz});
        double sa = Math.sqrt(Math.max(a.see, a.snn));
        double sb = Math.sqrt(Math.max(b.see, b.snn));
        if (b.weight > 0.1 && d > 3.0 * (sa + sb)) {
          return new double[] {a.mx, a.my, a.mz};
        }
      }
    }
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
    int heaviest = 0;
    for (int k = 0; k < g.cells; k++) {
      x += g.weight[k] * g.ux[k];
      y += g.weight[k] * g.uy[k];
      z += g.weight[k] * g.uz[k];
      if (g.weight[k] > g.weight[heaviest]) {
        heaviest = k;
      }
    }
    double norm = Math.sqrt(x * x + y * y + z * z);
    if (!(norm > 1e-9)) {
      return new double[] {g.ux[heaviest], g.uy[heaviest], g.uz[heaviest]};
    }
    return new double[] {x / norm, y / norm, z / norm};
  }

  /**
   * Mean over vantages of the probability that the calibrated distance model, rather than the
   * outlier floor, explains the vantage's RTT at the estimate.
   */
  private double rttEvidence(double[] e, double[] vx, double[] vy, double[] vz, double[] invS,
      int[] bins, int n) {
    double s = 0.0;
    for (int v = 0; v < n; v++) {
      double d = SphereMath.R_KM * SphereMath.fastAcos(e[0] * vx[v] + e[1] * vy[v] + e[2] * vz[v]);
      double ll = table.logLik(bins[v], d * invS[v]);
      s += Math.max(0.0, 1.0 - Math.exp(table.floor[bins[v]] - ll));
    }
    return clamp01(s / n);
  }

  private static double posteriorResponsibility(GridPosterior g, Layer layer) {
    double s = 0.0;
    for (int k = 0; k < g.cells; k++) {
      s += g.weight[k] * layer.responsibility(g.ux[k], g.uy[k], g.uz[k]);
    }
    return clamp01(s);
  }

  private static double clamp01(double x) {
    return Double.isNaN(x) ? 0.0 : Math.max(0.0, Math.min(1.0, x));
  }

  private static FusionResult abstain(String entity, HostClassification cls, String why) {
    LatLon zero = new LatLon(0.0, 0.0);
    double all = Geodesy.MAX_DISTANCE_KM;
    Map<String, Double> evidence = new LinkedHashMap<>();
    evidence.put("semantic", cls.confidence());
    return new FusionResult(entity, zero, new ConfidenceCircle(zero, all, 0.5),
        new ConfidenceCircle(zero, all, 0.9), new LocationDistribution(List.of(), all), evidence,
        List.of(), cls, true, new FusionResult.Diagnostics(0, 0, 0, 0.0, 0.0));
  }

  /**
   * Configures a {@link FusionEngine}. Defaults are the constants fitted on WonderNetwork data
   * (docs/fusion.md). Not thread-safe; the engine it builds is.
   */
  public static final class Builder {
    private RttLikelihoodModel rttModel = RttLikelihoodModel.WONDERNETWORK_2020;
    private double rttTemperature = 0.5;
    private double geoIpWeight = 0.9;
    private double inconsistentGeoIpFactor = 0.02;
    private double countryCentroidMinSigmaKm = 500.0;
    private double consistencyTolerance = 0.0;
    private double consistencySlackKm = 50.0;
    private int geoIpMinViolations = 2;
    private HostClassifier classifier = HostClassifier.defaultClassifier();
    private double pruneNats = 18.0;
    private double finestCellDeg = 0.15625;
    private int maxCells = 4096;

    private Builder() {}

    /** The calibrated RTT likelihood (default {@link RttLikelihoodModel#WONDERNETWORK_2020}). */
    public Builder rttModel(RttLikelihoodModel m) {
      this.rttModel = Objects.requireNonNull(m, "RTT model must not be null");
      return this;
    }

    /**
     * Exponent β in (0, 1] on the product of RTT likelihoods, which accounts for vantages sharing
     * paths (their errors are not independent). Fitted for calibration; see docs/fusion.md.
     */
    public Builder rttTemperature(double beta) {
      if (!(beta > 0.0 && beta <= 1.0)) {
        throw new IllegalArgumentException("RTT temperature must be in (0, 1], got " + beta);
      }
      this.rttTemperature = beta;
      return this;
    }

    /** Prior probability that a GeoIP answer is right (its informative weight), in [0, 1). */
    public Builder geoIpWeight(double w) {
      if (!(w >= 0.0 && w < 1.0)) {
        throw new IllegalArgumentException("GeoIP weight must be in [0, 1), got " + w);
      }
      this.geoIpWeight = w;
      return this;
    }

    /** Factor on the GeoIP weight when RTT contradicts it, in [0, 1] (default 0.02). */
    public Builder inconsistentGeoIpFactor(double f) {
      if (!(f >= 0.0 && f <= 1.0)) {
        throw new IllegalArgumentException("inconsistent-GeoIP factor must be in [0, 1], got "
            + f);
      }
      this.inconsistentGeoIpFactor = f;
      return this;
    }

    /** Minimum σ for country-centroid GeoIP answers, km (default 500). */
    public Builder countryCentroidMinSigmaKm(double km) {
      if (!(km > 0.0) || Double.isInfinite(km)) {
        throw new IllegalArgumentException("country-centroid sigma must be finite and > 0 km, got "
            + km);
      }
      this.countryCentroidMinSigmaKm = km;
      return this;
    }

    /**
     * Tolerance of the hard-bound consistency checks: relative {@code tol} on bounds plus
     * {@code slackKm} (defaults 0 and 50 km).
     */
    public Builder consistencyMargins(double tol, double slackKm) {
      if (!(tol >= 0.0) || Double.isInfinite(tol) || !(slackKm >= 0.0)
          || Double.isInfinite(slackKm)) {
        throw new IllegalArgumentException("consistency tolerance and slack must be finite and"
            + " >= 0, got " + tol + " and " + slackKm + " km");
      }
      this.consistencyTolerance = tol;
      this.consistencySlackKm = slackKm;
      return this;
    }

    /** How many vantages must contradict GeoIP before it is flagged (default 2). */
    public Builder geoIpMinViolations(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("GeoIP minimum violations must be >= 1, got " + k);
      }
      this.geoIpMinViolations = k;
      return this;
    }

    /** The host classifier (default {@link HostClassifier#defaultClassifier()}). */
    public Builder classifier(HostClassifier c) {
      this.classifier = Objects.requireNonNull(c, "classifier must not be null");
      return this;
    }

    /**
     * Grid resolution: the finest cell side in degrees (default 0.15625°, about 17 km) and the
     * maximum cells per level (default 4096).
     */
    public Builder grid(double finestDeg, int maxCellsPerLevel) {
      if (!(finestDeg > 0.0 && finestDeg <= GridPosterior.LEVEL0_DEG)) {
        throw new IllegalArgumentException("finest cell must be in (0, 20] degrees, got "
            + finestDeg);
      }
      if (maxCellsPerLevel < 648) {
        throw new IllegalArgumentException("max cells per level must be >= 648, got "
            + maxCellsPerLevel);
      }
      this.finestCellDeg = finestDeg;
      this.maxCells = maxCellsPerLevel;
      return this;
    }

    public FusionEngine build() {
      return new FusionEngine(this);
    }
  }
}
