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
  private final RttLikelihoodModel calibratedModel;
  private final double bestlineFloorShare;
  private static final double KM_PER_DEG = SphereMath.R_KM * SphereMath.DEG;
  private final RttTable table;
  /** Tables for fewer vantages than {@link #maxVantages}, built on first use (index = count). */
  private final java.util.concurrent.atomic.AtomicReferenceArray<RttTable> fewTables;
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
  private final int maxVantages;
  private final boolean geometricMedian;
  private final int anycastMinCover;
  private final double diskPenaltyNats;
  private final double farVantageWeight;
  /** Far vantages per target on the WonderNetwork training split, where the weight was fitted. */
  static final int FAR_VANTAGE_REFERENCE_COUNT = 233;
  /** Default {@link Builder#farVantageWeight}, fitted on the WonderNetwork training split. */
  public static final double DEFAULT_FAR_VANTAGE_WEIGHT = 0.03;
  private final double commonScaleSigma;
  private final PopulationPrior populationPrior;
  private final double modeKernelKm;
  private final double[] scaleMul;
  private final double[] scaleLogW;

  private FusionEngine(Builder b) {
    this.rttModel = b.rttModel;
    this.calibratedModel = b.calibratedRttModel;
    this.bestlineFloorShare = b.bestlineFloorShare;
    this.table = new RttTable(b.rttModel, b.calibratedRttModel);
    this.fewTables = new java.util.concurrent.atomic.AtomicReferenceArray<>(
        Math.max(1, b.maxVantages));
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
    this.maxVantages = b.maxVantages;
    this.geometricMedian = b.geometricMedian;
    this.anycastMinCover = b.anycastMinCover;
    this.diskPenaltyNats = b.diskPenaltyNats;
    this.farVantageWeight = b.farVantageWeight;
    this.commonScaleSigma = b.commonScaleSigma;
    // The standard prior is built (once per JVM, about 0.1–1 s) only when an engine uses it.
    this.populationPrior = b.populationDefault ? PopulationPrior.standard() : b.populationPrior;
    this.modeKernelKm = b.modeKernelKm;
    // Latent per-target scale of all distances, ln-normal with σ_u, marginalised on 5 nodes at
    // u = 0, ±σ_u, ±2σ_u with Gaussian weights (a 5-point quadrature of the prior).
    int nj = commonScaleSigma > 0.0 ? 5 : 1;
    this.scaleMul = new double[nj];
    this.scaleLogW = new double[nj];
    double wsum = 0.0;
    for (int j = 0; j < nj; j++) {
      double k = nj == 1 ? 0.0 : j - 2;
      scaleMul[j] = Math.exp(-k * commonScaleSigma);
      wsum += Math.exp(-0.5 * k * k);
    }
    for (int j = 0; j < nj; j++) {
      double k = nj == 1 ? 0.0 : j - 2;
      scaleLogW[j] = -0.5 * k * k - Math.log(wsum);
    }
  }

  /** A builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The RTT likelihood model in use. */
  public RttLikelihoodModel rttModel() {
    return rttModel;
  }

  /** The RTT likelihood model of vantages calibrated by a bestline. */
  public RttLikelihoodModel calibratedRttModel() {
    return calibratedModel;
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
    // Soft bounds for the wide anycast test: where each vantage's calibrated ρ reaches its 0.99
    // quantile (uncalibrated, as below; the class, hence any extra delay, is not known yet).
    double[] softBound = new double[n];
    for (int i = 0; i < n; i++) {
      VantageObservation v = input.vantages().get(i);
      softBound[i] = softBoundKm(Math.max(0.0, v.minRttMs() - v.localDelayMs()));
    }
    ConsistencyChecker.AnycastCheck anycast = n >= 2
        ? ConsistencyChecker.checkAnycast(vunit, bound, softBound, ids, n, consistencyTolerance,
            consistencySlackKm, anycastMinCover)
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
      // With many vantages one mislocated vantage must not decide alone; with few, one is all
      // the evidence there is: need min(geoIpMinViolations, max(1, n / 10)) contradictions.
      int need = Math.min(geoIpMinViolations, Math.max(1, n / 10));
      if (gc.violations() >= need) {
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
    // The prior alone is not evidence about this target: added only after the abstention test.
    if (populationPrior != null && prior.populationPrior()) {
      layers.add(new PopulationLayer(populationPrior));
    }

    double[] nearKey = new double[n];
    for (int i = 0; i < n; i++) {
      nearKey[i] = nearestKey(input.vantages().get(i));
    }
    // Every vantage, nearest first: the first maxVantages enter the product, the rest the far
    // term (and the optional disks).
    int[] order = nearestFirst(input.vantages(), nearKey, n);
    int used = Math.min(maxVantages, order.length);
    double[] vx = new double[used];
    double[] vy = new double[used];
    double[] vz = new double[used];
    double[] invS = new double[used];
    int[] bins = new int[used];
    for (int j = 0; j < used; j++) {
      int i = order[j];
      VantageObservation v = input.vantages().get(i);
      vx[j] = vunit[i][0];
      vy[j] = vunit[i][1];
      vz[j] = vunit[i][2];
      invS[j] = 1.0 / Math.max(1e-6, likelihoodBoundKm(v, prior.extraDelayMs())
          + rttModel.slackKm());
      bins[j] = likelihoodBin(v, prior.extraDelayMs());
    }
    RttTable table = tableFor(used);
    // The finest cells must resolve the smallest disk: a 0.06 ms RTT bounds the target within
    // 6 km (+ 25 km slack), far below the default 0.3125° (35 km) cells, which would then all
    // miss it. Cells of at most a quarter of the smallest D + slack, down to 20°/4096 (0.5 km).
    double finest = finestCellDeg;
    for (int j = 0; j < used; j++) {
      finest = Math.min(finest, 0.25 / (invS[j] * KM_PER_DEG));
    }
    finest = Math.max(finest, GridPosterior.LEVEL0_DEG / 4096.0);
    GridPosterior grid = new GridPosterior(table, vx, vy, vz, invS, bins, used, rttTemperature,
        layers.toArray(new Layer[0]), pruneNats, finest, maxCells, scaleMul, scaleLogW);
    if ((diskPenaltyNats > 0.0 || farVantageWeight > 0.0) && n > used) {
      // The vantages beyond the nearest `used`: unit vectors, D + slack and table bins.
      int nf = n - used;
      double[][] fu = new double[3][nf];
      double[] radius = new double[nf];
      double[] fInvS = new double[nf];
      int[] fBins = new int[nf];
      for (int j = 0; j < nf; j++) {
        int i = order[used + j];
        VantageObservation v = input.vantages().get(i);
        fu[0][j] = vunit[i][0];
        fu[1][j] = vunit[i][1];
        fu[2][j] = vunit[i][2];
        radius[j] = likelihoodBoundKm(v, prior.extraDelayMs()) + rttModel.slackKm();
        fInvS[j] = 1.0 / Math.max(1e-6, radius[j]);
        fBins[j] = likelihoodBin(v, prior.extraDelayMs());
      }
      if (diskPenaltyNats > 0.0) {
        grid.disks(fu[0], fu[1], fu[2], radius, nf, diskPenaltyNats);
      }
      if (farVantageWeight > 0.0) {
        // Fitted with 233 far vantages per target; a larger mesh keeps the same total weight.
        grid.farVantages(fu[0], fu[1], fu[2], fInvS, fBins, nf,
            farVantageWeight * Math.min(1.0, FAR_VANTAGE_REFERENCE_COUNT / (double) nf));
      }
    }
    grid.compute();

    if (!anycast.suspected() && n >= 3) {
      // Soft bounds: the distance at which each vantage's calibrated ρ reaches its 0.99 quantile.
      double[] soft = new double[n];
      for (int i = 0; i < n; i++) {
        // Uncalibrated on purpose, even for vantages with a bestline: the bestline bound is
        // empirical (5-13 % of held-out WonderNetwork targets lie beyond it), so its 0.99
        // quantile is not one and anycast false alarms rose from 4 to 18 of 246 with it.
        VantageObservation v = input.vantages().get(i);
        soft[i] = softBoundKm(
            Math.max(0.0, v.minRttMs() - v.localDelayMs() - prior.extraDelayMs()));
      }
      int fewest = ConsistencyChecker.fewestViolations(vunit, soft, ids, n, 0.0,
          consistencySlackKm, grid);
      if (fewest >= anycastMinCover) {
        alerts.add(new FusionAlert(FusionAlert.ANYCAST, "anycast_or_multiple_sites",
            Math.min(1.0, 0.4 + 0.1 * fewest), String.format(Locale.ROOT,
                "every candidate location violates the hard RTT bound of at least %d vantages",
                fewest)));
        cls = classifier.classify(input.signals(), true, geoInconsistent);
        if (cls == null) {
          cls = HostClassification.UNKNOWN;
        }
      }
    }
    List<MixtureFitter.Comp> comps = new MixtureFitter(grid).fit();
    double[] est = estimate(grid, comps);
    boolean separated = est.length > 3;
    if (modeKernelKm > 0.0) {
      est = kernelMode(grid, modeKernelKm);
    } else if (geometricMedian && !separated) {
      est = weiszfeld(grid, est);
    }
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
    if (used > 0) {
      evidence.put("rtt", rttEvidence(table, eu, vx, vy, vz, invS, bins, used));
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
        new FusionResult.Diagnostics(used, grid.evaluated, grid.levels, grid.sizeDeg,
            usedGeoWeight));
  }

  /**
   * The distance bound D of the RTT likelihood, km: {@code D_phys = (min_rtt − local −
   * extraDelay)·k}, or for a vantage calibrated by a bestline {@link
   * RttLikelihoodModel#calibratedBoundKm} of {@code r = min_rtt − extraDelay}:
   * {@code min(D_phys, max((r − b)/m, φ·D_phys))} (the physical bound stays hard even for a
   * bestline faster than the model's speed).
   */
  private double likelihoodBoundKm(VantageObservation v, double extraDelayMs) {
    double eff = Math.max(0.0, v.minRttMs() - v.localDelayMs() - extraDelayMs);
    double physical = rttModel.hardBoundKm(eff);
    if (v.bestline() == null) {
      return physical;
    }
    return RttLikelihoodModel.calibratedBoundKm(v.bestline(), v.minRttMs() - extraDelayMs,
        physical, bestlineFloorShare);
  }

  /**
   * The table bin of a vantage: its effective RTT's bin, or for a calibrated vantage
   * {@code BINS + bin(r')} with {@code r'} the equivalent RTT of its bestline bound under the
   * calibrated model.
   */
  private int likelihoodBin(VantageObservation v, double extraDelayMs) {
    if (v.bestline() == null) {
      return RttTable.bin(Math.max(0.0, v.minRttMs() - v.localDelayMs() - extraDelayMs));
    }
    return RttTable.BINS
        + RttTable.bin(calibratedModel.equivalentRttMs(likelihoodBoundKm(v, extraDelayMs)));
  }

  /**
   * Ordering key of {@link #nearestFirst}: the effective RTT, or for a calibrated vantage the
   * equivalent RTT of its bestline bound (both are "bound / speed").
   */
  private double nearestKey(VantageObservation v) {
    if (v.bestline() == null) {
      return v.minRttMs() - v.localDelayMs();
    }
    return calibratedModel.equivalentRttMs(likelihoodBoundKm(v, 0.0));
  }

  /**
   * The RTT table for a posterior made of {@code used} vantages. The outlier floor ε exists so
   * that one wrong vantage among several cannot empty the posterior; with fewer vantages there is
   * less to outvote and ε is scaled by {@code (used − 1)/(maxVantages − 1)}: a lone vantage's
   * bound is effectively hard (ε = 1e-9). (With ε = 0.22 below 3 ms, as fitted on WonderNetwork's
   * many mislabelled pairs, a single 0.1 ms measurement put most of the mass anywhere on Earth:
   * in area terms the floor outweighs a 30 km disk a hundredfold.)
   */
  private RttTable tableFor(int used) {
    if (used >= maxVantages || maxVantages <= 1) {
      return table;
    }
    RttTable t = fewTables.get(used);
    if (t == null) {
      double scale = (used - 1.0) / (maxVantages - 1.0);
      t = new RttTable(table.model, table.calibratedModel, scale);
      if (!fewTables.compareAndSet(used, null, t)) {
        t = fewTables.get(used);
      }
    }
    return t;
  }

  /**
   * The distance at which a vantage's calibrated ρ reaches its 0.99 quantile, km, for effective
   * RTT {@code eff} (uncalibrated model; ≤ the hard bound).
   */
  private double softBoundKm(double eff) {
    double slack = rttModel.slackKm();
    double lim = table.upperRho[RttTable.bin(eff)] * (rttModel.hardBoundKm(eff) + slack);
    return Math.sqrt(Math.max(0.0, lim * lim - slack * slack));
  }

  /**
   * Indices of the {@code max} vantages with the smallest key (effective RTT; ties by id, so the
   * order of the input never matters).
   */
  private static int[] nearestFirst(List<VantageObservation> vs, double[] key, int max) {
    Integer[] idx = new Integer[vs.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> {
      VantageObservation x = vs.get(a);
      VantageObservation y = vs.get(b);
      int c = Double.compare(key[a], key[b]);
      if (c == 0) {
        c = x.id().compareTo(y.id());
      }
      return c != 0 ? c : Double.compare(x.location().lat() * 1000 + x.location().lon(),
          y.location().lat() * 1000 + y.location().lon());
    });
    int m = Math.min(max, idx.length);
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = idx[i];
    }
    return out;
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
          // A 4th element marks "separated modes": no geometric median across them either.
          return new double[] {a.mx, a.my, a.mz, 1.0};
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
   * The mode of the posterior smoothed by a Gaussian kernel of {@code s} km: among the 64 leaves
   * of highest density (mass over squared radius), the one whose kernel-weighted mass
   * {@code Σ_k w_k·exp(−d_k²/2s²)} is largest.
   */
  private static double[] kernelMode(GridPosterior g, double s) {
    int m = Math.min(64, g.cells);
    Integer[] idx = new Integer[g.cells];
    for (int k = 0; k < g.cells; k++) {
      idx[k] = k;
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(
        g.weight[b] / (g.halfKm[b] * g.halfKm[b]), g.weight[a] / (g.halfKm[a] * g.halfKm[a])));
    double best = -1.0;
    int arg = idx[0];
    double inv = 1.0 / (2.0 * s * s);
    for (int i = 0; i < m; i++) {
      int c = idx[i];
      double[] u = {g.ux[c], g.uy[c], g.uz[c]};
      double score = 0.0;
      for (int k = 0; k < g.cells; k++) {
        double d = SphereMath.R_KM * SphereMath.fastAcos(
            u[0] * g.ux[k] + u[1] * g.uy[k] + u[2] * g.uz[k]);
        score += g.weight[k] * Math.exp(-d * d * inv);
      }
      if (score > best) {
        best = score;
        arg = c;
      }
    }
    return new double[] {g.ux[arg], g.uy[arg], g.uz[arg]};
  }

  /**
   * Spherical geometric median of the posterior (minimises the expected great-circle error), by
   * Weiszfeld iterations in 3-D projected back to the sphere, started at {@code start}; 12
   * iterations or a step below 0.5 km.
   */
  private static double[] weiszfeld(GridPosterior g, double[] start) {
    double[] m = start.clone();
    for (int it = 0; it < 12; it++) {
      double sx = 0.0;
      double sy = 0.0;
      double sz = 0.0;
      for (int k = 0; k < g.cells; k++) {
        double d = SphereMath.fastAcos(m[0] * g.ux[k] + m[1] * g.uy[k] + m[2] * g.uz[k]);
        double w = g.weight[k] / Math.max(d, 1e-5);
        sx += w * g.ux[k];
        sy += w * g.uy[k];
        sz += w * g.uz[k];
      }
      double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
      if (!(norm > 0.0)) {
        return m;
      }
      double nx = sx / norm;
      double ny = sy / norm;
      double nz = sz / norm;
      double step = SphereMath.R_KM * SphereMath.fastAcos(nx * m[0] + ny * m[1] + nz * m[2]);
      m[0] = nx;
      m[1] = ny;
      m[2] = nz;
      if (step < 0.5) {
        break;
      }
    }
    return m;
  }

  /**
   * Mean over vantages of the probability that the calibrated distance model, rather than the
   * outlier floor, explains the vantage's RTT at the estimate.
   */
  private double rttEvidence(RttTable table, double[] e, double[] vx, double[] vy, double[] vz,
      double[] invS, int[] bins, int n) {
    double s = 0.0;
    for (int v = 0; v < n; v++) {
      double d = SphereMath.R_KM * SphereMath.fastAcos(e[0] * vx[v] + e[1] * vy[v] + e[2] * vz[v]);
      double ll = table.logLik(bins[v], Math.hypot(d, rttModel.slackKm()) * invS[v]);
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
    private RttLikelihoodModel calibratedRttModel = RttLikelihoodModel.WONDERNETWORK_2020_BESTLINE;
    private double bestlineFloorShare = RttLikelihoodModel.BESTLINE_FLOOR_SHARE;
    private double rttTemperature = 0.8;
    private double geoIpWeight = 0.9;
    private double inconsistentGeoIpFactor = 0.02;
    private double countryCentroidMinSigmaKm = 500.0;
    private double consistencyTolerance = 0.0;
    private double consistencySlackKm = 50.0;
    private int geoIpMinViolations = 3;
    private HostClassifier classifier = HostClassifier.defaultClassifier();
    private double pruneNats = 12.0;
    private double finestCellDeg = 0.3125;
    private int maxCells = 1024;
    private int maxVantages = 12;
    private double commonScaleSigma = 0.0;
    private boolean geometricMedian = true;
    private int anycastMinCover = 2;
    private double diskPenaltyNats = 0.0;
    private double farVantageWeight = DEFAULT_FAR_VANTAGE_WEIGHT;
    private PopulationPrior populationPrior = null;
    private boolean populationDefault = true;
    private double modeKernelKm = 0.0;

    /**
     * Estimate = the mode of the posterior smoothed by a Gaussian kernel of this many km
     * (0, the default: the geometric median).
     */
    public Builder modeKernelKm(double km) {
      if (!(km >= 0.0) || Double.isInfinite(km)) {
        throw new IllegalArgumentException("mode kernel must be finite and >= 0 km, got " + km);
      }
      this.modeKernelKm = km;
      return this;
    }

    private Builder() {}

    /**
     * The prior that hosts are where people are; default {@link PopulationPrior#standard()}
     * (fitted on WonderNetwork, docs/fusion.md); {@code null} for none.
     */
    public Builder populationPrior(PopulationPrior prior) {
      this.populationPrior = prior;
      this.populationDefault = false;
      return this;
    }

    /**
     * Vantages beyond {@link #maxVantages} still bound the target: a point outside such a
     * vantage's hard disk ({@code D + slack}) costs this many nats (e.g. 3, a 5 % outlier floor);
     * default 0: ignored (it did not help on WonderNetwork, docs/evaluation.md).
     */
    public Builder diskPenaltyNats(double nats) {
      if (!(nats >= 0.0) || Double.isInfinite(nats)) {
        throw new IllegalArgumentException("disk penalty must be finite and >= 0 nats, got "
            + nats);
      }
      this.diskPenaltyNats = nats;
      return this;
    }

    /**
     * Weight of the vantages beyond {@link #maxVantages} (default {@value
     * FusionEngine#DEFAULT_FAR_VANTAGE_WEIGHT}; 0 ignores them). Such a vantage contributes only
     * the lower side of its RTT likelihood: a point closer to it than its RTT's most likely
     * distance costs {@code weight · β · (ln L(mode) − ln L(ρ))} nats, at most about {@code
     * weight · β · 2.2} (the inflation share η bounds it). A large RTT is weak evidence of
     * distance (added delay fakes it), but hundreds of vantages that all see a point as too close
     * for their RTT rule it out. With more than 233 far vantages (the training data's count) the
     * weight is scaled down so that their total stays the same (docs/fusion.md §2).
     */
    public Builder farVantageWeight(double weight) {
      if (!(weight >= 0.0 && weight <= 1.0)) {
        throw new IllegalArgumentException("far-vantage weight must be in [0, 1], got " + weight);
      }
      this.farVantageWeight = weight;
      return this;
    }

    /**
     * Whether the estimate is the posterior's geometric median (default; minimises the expected
     * error in km) or its spherical mean.
     */
    public Builder geometricMedian(boolean on) {
      this.geometricMedian = on;
      return this;
    }

    /**
     * σ of the latent per-target factor {@code exp(u)} that scales the distances of all of one
     * target's vantages together (shared access and regional routing), marginalised in the
     * posterior; 0 turns it off (default 0: on WonderNetwork σ = 0.14, the between-target
     * spread of ln ρ, made the even-split scores worse, docs/evaluation.md).
     */
    public Builder commonScaleSigma(double sigma) {
      if (!(sigma >= 0.0 && sigma <= 1.0)) {
        throw new IllegalArgumentException("common scale sigma must be in [0, 1], got " + sigma);
      }
      this.commonScaleSigma = sigma;
      return this;
    }

    /**
     * How many vantages, nearest (smallest RTT) first, enter the posterior (default 12). Errors of
     * one target's vantages are strongly correlated (shared access delay and routing), so farther
     * vantages add little information and much time; consistency checks still use all of them.
     */
    public Builder maxVantages(int m) {
      if (m < 1) {
        throw new IllegalArgumentException("max vantages must be >= 1, got " + m);
      }
      this.maxVantages = m;
      return this;
    }

    /** The calibrated RTT likelihood (default {@link RttLikelihoodModel#WONDERNETWORK_2020}). */
    public Builder rttModel(RttLikelihoodModel m) {
      this.rttModel = Objects.requireNonNull(m, "RTT model must not be null");
      return this;
    }

    /**
     * The RTT likelihood of vantages calibrated by a bestline (default {@link
     * RttLikelihoodModel#WONDERNETWORK_2020_BESTLINE}): its knots are keyed by the equivalent RTT
     * of the bestline bound ({@link RttLikelihoodModel#equivalentRttMs}); its slack must equal
     * the {@link #rttModel} slack (checked by {@link #build}).
     */
    public Builder calibratedRttModel(RttLikelihoodModel m) {
      this.calibratedRttModel = Objects.requireNonNull(m, "calibrated RTT model must not be null");
      return this;
    }

    /**
     * Share φ in [0, 1] of the physical bound below which a vantage's bestline bound is not
     * trusted: {@code D = min(D_phys, max((r − b)/m, φ·D_phys))} (default {@link
     * RttLikelihoodModel#BESTLINE_FLOOR_SHARE} = 0.7, tuned together with the default calibrated
     * model's knots; 0 is CBG's pure bestline, 1 turns calibration off).
     */
    public Builder bestlineFloorShare(double phi) {
      if (!(phi >= 0.0 && phi <= 1.0)) {
        throw new IllegalArgumentException("bestline floor share must be in [0, 1], got " + phi);
      }
      this.bestlineFloorShare = phi;
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

    /**
     * How many vantages must be removed before all feasible disks pairwise intersect for anycast
     * to be flagged: 1 flags any disjoint pair, 2 (default) needs the disjointness to survive
     * removing any single (possibly mislocated) vantage.
     */
    public Builder anycastMinCover(int k) {
      if (k < 1 || k > 2) {
        throw new IllegalArgumentException("anycast minimum cover must be 1 or 2, got " + k);
      }
      this.anycastMinCover = k;
      return this;
    }

    /**
     * How many vantages must contradict GeoIP before it is flagged, at most (default 3); the
     * engine asks for {@code min(k, max(1, n/10))} with n vantages.
     */
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
     * Grid resolution: the finest cell side in degrees (default 0.3125°, about 35 km at the
     * equator; finer did not change any WonderNetwork figure) and the maximum cells evaluated per
     * level (default 1024; 2048 changed no WonderNetwork figure by more than 0.5 km).
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
