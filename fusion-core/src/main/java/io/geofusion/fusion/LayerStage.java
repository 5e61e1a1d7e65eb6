package io.geofusion.fusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Stage 2 of {@link FusionEngine#fuse}: turns one target's evidence into the factors of its
 * posterior (docs/fusion.md §2): the GeoIP Gaussian, the RF bearings, the population prior, the
 * RTT likelihoods of the nearest vantages and the lower-side term of the others. Immutable and
 * thread-safe (the per-count RTT tables are built on first use, without locks).
 */
final class LayerStage {

  /** Prior probability that a GeoIP answer is right: the GeoIP layer's informative weight. */
  static final double GEO_IP_WEIGHT = 0.9;
  /** Factor on the GeoIP weight when RTT contradicts the answer (stage 1). */
  static final double INCONSISTENT_GEO_IP_FACTOR = 0.02;
  /** Smallest σ of a GeoIP answer that is only a country's centroid, km. */
  static final double COUNTRY_CENTROID_MIN_SIGMA_KM = 500.0;
  private static final double KM_PER_DEG = SphereMath.R_KM * SphereMath.DEG;

  private final RttBounds bounds;
  private final RttTable table;
  /** Tables for fewer vantages than {@link #maxVantages}, built on first use (index = count). */
  private final AtomicReferenceArray<RttTable> fewTables;
  private final int maxVantages;
  private final double finestCellDeg;
  private final double farVantageWeight;
  private final PopulationPrior populationPrior;

  LayerStage(FusionParameters p, RttBounds bounds, RttTable table,
      PopulationPrior populationPrior) {
    this.bounds = bounds;
    this.table = table;
    this.fewTables = new AtomicReferenceArray<>(Math.max(1, p.maxVantages()));
    this.maxVantages = p.maxVantages();
    this.finestCellDeg = p.finestCellDeg();
    this.farVantageWeight = p.farVantageWeight();
    this.populationPrior = populationPrior;
  }

  /**
   * The layers of one target whose host class has the prior {@code prior}.
   *
   * @param geoIpInconsistent whether stage 1 found RTT contradicting the GeoIP answer
   */
  EvidenceLayers layers(TargetVantages vantages, FusionInput input, ClassPrior prior,
      boolean geoIpInconsistent) {
    List<Layer> grid = new ArrayList<>();
    GeoIpLayer geoLayer = null;
    double geoWeight = 0.0;
    GeoIpEvidence geo = input.geoIp();
    if (geo != null) {
      double sigma = geo.accuracyRadiusKm() / GeoIpLayer.RADIUS67_TO_SIGMA
          * prior.geoIpSigmaFactor();
      if (geo.countryCentroid()) {
        sigma = Math.max(sigma, COUNTRY_CENTROID_MIN_SIGMA_KM);
      }
      geoWeight = GEO_IP_WEIGHT * prior.geoIpWeight()
          * (geoIpInconsistent ? INCONSISTENT_GEO_IP_FACTOR : 1.0);
      geoLayer = new GeoIpLayer(SphereMath.unit(geo.centre()), sigma, geoWeight);
      grid.add(geoLayer);
    }
    for (RfBearing rf : input.rf()) {
      grid.add(new RfLayer(rf));
    }
    if (populationPrior != null && prior.populationPrior()) {
      grid.add(new PopulationLayer(populationPrior));
    }

    // Every vantage, nearest first: the first maxVantages enter the product, the rest the far
    // term.
    int n = vantages.n;
    int[] order = nearestFirst(vantages);
    int used = Math.min(maxVantages, n);
    double extra = prior.extraDelayMs();
    EvidenceLayers.RttVantages near = select(vantages, order, 0, used, extra);
    EvidenceLayers.RttVantages far = null;
    double farWeight = 0.0;
    if (farVantageWeight > 0.0 && n > used) {
      far = select(vantages, order, used, n - used, extra);
      // Fitted with 233 far vantages per target; a larger mesh keeps the same total weight.
      farWeight = farVantageWeight
          * Math.min(1.0, FusionEngine.FAR_VANTAGE_REFERENCE_COUNT / (double) (n - used));
    }
    return new EvidenceLayers(grid.toArray(new Layer[0]), geoLayer, geoWeight, near,
        tableFor(used), far, farWeight, finestCell(near));
  }

  /**
   * The finest quadtree cell: the configured one, or finer where a vantage's disk is small. A
   * 0.06 ms RTT bounds the target within 6 km (+ 25 km slack), far below the default 0.3125°
   * (35 km) cells, which would then all miss it: cells of at most a quarter of the smallest
   * {@code D + slack}, down to 20°/4096 (0.5 km).
   */
  private double finestCell(EvidenceLayers.RttVantages near) {
    double finest = finestCellDeg;
    for (int j = 0; j < near.count(); j++) {
      finest = Math.min(finest, 0.25 / (near.invS()[j] * KM_PER_DEG));
    }
    return Math.max(finest, GridPosterior.LEVEL0_DEG / 4096.0);
  }

  /** Vantages {@code order[from .. from + count)} as the grid reads them. */
  private EvidenceLayers.RttVantages select(TargetVantages vantages, int[] order, int from,
      int count, double extraDelayMs) {
    double[] x = new double[count];
    double[] y = new double[count];
    double[] z = new double[count];
    double[] invS = new double[count];
    int[] bins = new int[count];
    for (int j = 0; j < count; j++) {
      int i = order[from + j];
      VantageObservation v = vantages.list.get(i);
      x[j] = vantages.unit[i][0];
      y[j] = vantages.unit[i][1];
      z[j] = vantages.unit[i][2];
      invS[j] = bounds.inverseScale(v, extraDelayMs);
      bins[j] = bounds.likelihoodBin(v, extraDelayMs);
    }
    return new EvidenceLayers.RttVantages(x, y, z, invS, bins);
  }

  /**
   * The RTT table for a posterior made of {@code used} vantages. The outlier floor ε exists so
   * that one wrong vantage among several cannot empty the posterior; with fewer vantages there
   * is less to outvote, and ε is scaled by {@code (used − 1)/(maxVantages − 1)}: a lone
   * vantage's bound is effectively hard (ε = 1e-9). Why: docs/evaluation.md, "Accuracy and
   * calibration".
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
   * Indices of all vantages ranked by {@link RttBounds#nearestKey} (ties by id, then position,
   * so the order of the input never matters).
   */
  private int[] nearestFirst(TargetVantages vantages) {
    List<VantageObservation> vs = vantages.list;
    double[] key = new double[vantages.n];
    for (int i = 0; i < vantages.n; i++) {
      key[i] = bounds.nearestKey(vs.get(i));
    }
    Integer[] idx = new Integer[vs.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      VantageObservation x = vs.get(a);
      VantageObservation y = vs.get(b);
      int c = Double.compare(key[a], key[b]);
      if (c == 0) {
        c = x.id().compareTo(y.id());
      }
      return c != 0 ? c : Double.compare(x.location().lat() * 1000 + x.location().lon(),
          y.location().lat() * 1000 + y.location().lon());
    });
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }
}
