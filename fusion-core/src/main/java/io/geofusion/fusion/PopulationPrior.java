package io.geofusion.fusion;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A prior over the Earth saying that network hosts are where people are: a kernel density of
 * populated places, mixed with a uniform floor.
 *
 * <pre>
 *   f(x) = Σ_c w_c · exp(−d(x, c)² / 2σ²) / (2πσ²),   w_c = pop_c^γ / Σ_c' pop_c'^γ
 *   P(x) = (1 − λ) · f(x) + λ / (4πR²)
 * </pre>
 *
 * <p>Population density as a geolocation prior follows Eriksson, Barford, Sommers and Nowak,
 * "A Learning-based Approach for IP Geolocation", PAM 2010, §3.3 (their Naive Bayes prior is the
 * population density of the candidate county). The bundled places are the 23,322 GeoNames towns
 * (CC BY 4.0) with at least 15,000 inhabitants (built by {@code scripts/build-population-prior.py};
 * sections of cities are left out so no one counts twice). γ &lt; 1 flattens the gap between
 * megacities and towns (hosting follows population sub-linearly); σ is the metro-area scale; λ
 * is the share of hosts that are nowhere near a town of 15,000 (ships, rural links, research
 * stations), which keeps the prior from ever emptying the posterior.
 *
 * <p>The density is tabulated once per prior on a 0.25° latitude/longitude raster (720 × 1440
 * cells, value at the cell centre, kernel truncated at 3.5σ), with a max pyramid for the grid's
 * branch-and-bound upper bounds and a mean pyramid for the cell averages of coarse cells.
 * Immutable and thread-safe. {@link #standard()} is tabulated at build time into the resource
 * {@code population-prior.bin} (6.9 MB of floats, stored deflated in the jar) and read on first use; its cells
 * are the floats the build from the places gives, bit for bit (PopulationPriorTableTest).
 */
public final class PopulationPrior {

  /** γ, fitted on WonderNetwork even server ids (docs/fusion.md). */
  public static final double STANDARD_EXPONENT = 1.0;
  /** σ in km. */
  public static final double STANDARD_KERNEL_KM = 40.0;
  /** λ. */
  public static final double STANDARD_FLOOR = 0.01;
  /** B in km: the regional scale of the local contrast (0 = none). */
  public static final double STANDARD_REGION_KM = 300.0;
  /**
   * The four constants that define a prior over the bundled places: a cheap value (nothing is
   * built) that {@link #of(Constants)} turns into the tabulated prior.
   *
   * @param exponent γ in [0, 2]: place weight ∝ population^γ (0 = every town alike)
   * @param kernelKm σ in [5, 500] km
   * @param regionKm B, 0 (plain density) or in [2σ, 3000] km
   * @param floor λ in (0, 1): the uniform share
   */
  public record Constants(double exponent, double kernelKm, double regionKm, double floor) {

    /** The fitted constants of {@link #standard()}: γ 1, σ 40 km, B 300 km, λ 0.01. */
    public static final Constants STANDARD = new Constants(STANDARD_EXPONENT, STANDARD_KERNEL_KM,
        STANDARD_REGION_KM, STANDARD_FLOOR);

    /**
     * Checks the ranges given on the components.
     *
     * @throws IllegalArgumentException naming the first constant out of range and its range
     */
    public Constants {
      validate(exponent, kernelKm, regionKm, floor);
    }
  }

  /** f₀ of the local contrast, as a share of the mean density over land. */
  static final double CONTRAST_FLOOR = 0.1;

  static final double CELL_DEG = 0.25;
  static final int ROWS = 720;
  static final int COLS = 1440;
  private static final String RESOURCE = "population-places.tsv.gz";
  /** The standard prior tabulated at build time (see {@link #main}). */
  static final String TABLE = "population-prior.bin";
  private static final int TABLE_MAGIC = 0x47465050; // "GFPP"
  private static final int TABLE_VERSION = 1;
  private static final double KM_PER_DEG = SphereMath.R_KM * SphereMath.DEG;

  private final double exponent;
  private final double kernelKm;
  private final double floor;
  private final double regionKm;
  private final int places;
  /** ln P per level: level 0 is the raster, level k holds the max / mean of 2^k × 2^k cells. */
  private final float[][] maxLog;
  private final float[][] meanLog;
  private final int[] rows;
  private final int[] cols;
  private final double logFloor;

  private PopulationPrior(double exponent, double kernelKm, double regionKm, double floor,
      int places, double logFloor, float[][] maxLog, float[][] meanLog, int[] rows, int[] cols) {
    this.exponent = exponent;
    this.kernelKm = kernelKm;
    this.regionKm = regionKm;
    this.floor = floor;
    this.places = places;
    this.logFloor = logFloor;
    this.maxLog = maxLog;
    this.meanLog = meanLog;
    this.rows = rows;
    this.cols = cols;
  }

  /** Tabulates the density from the places (the slow path: a few hundred ms, 60 MB). */
  private static PopulationPrior build(double exponent, double kernelKm, double regionKm,
      double floor, double[] lat, double[] lon, double[] pop, int count) {
    double uniform = 1.0 / (4.0 * Math.PI * SphereMath.R_KM * SphereMath.R_KM);
    double logFloor = Math.log(floor * uniform);
    double[] density = new double[ROWS * COLS];
    double wsum = 0.0;
    for (int i = 0; i < count; i++) {
      wsum += Math.pow(pop[i], exponent);
    }
    double norm = 1.0 / (2.0 * Math.PI * kernelKm * kernelKm);
    double reach = 3.5 * kernelKm;
    // Cell-centre trigonometry once; the squared distance from the chord, d² ≈ 2R²(1 − cos θ)
    // (relative error below θ²/12 ≈ 5e-5 within the kernel's reach).
    double[] colCos = new double[COLS];
    double[] colSin = new double[COLS];
    for (int col = 0; col < COLS; col++) {
      double lam = (-180.0 + (col + 0.5) * CELL_DEG) * SphereMath.DEG;
      colCos[col] = Math.cos(lam);
      colSin[col] = Math.sin(lam);
    }
    double[] rowCos = new double[ROWS];
    double[] rowSin = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      double phi = (-90.0 + (r + 0.5) * CELL_DEG) * SphereMath.DEG;
      rowCos[r] = Math.cos(phi);
      rowSin[r] = Math.sin(phi);
    }
    double twoR2 = 2.0 * SphereMath.R_KM * SphereMath.R_KM;
    double reach2 = reach * reach;
    double halfInvK2 = 0.5 / (kernelKm * kernelKm);
    for (int i = 0; i < count; i++) {
      double w = Math.pow(pop[i], exponent) / wsum * norm;
      double phi = lat[i];
      int r0 = Math.max(0, (int) Math.floor((phi - reach / KM_PER_DEG + 90.0) / CELL_DEG));
      int r1 = Math.min(ROWS - 1, (int) Math.floor((phi + reach / KM_PER_DEG + 90.0) / CELL_DEG));
      double[] c = SphereMath.unit(phi, lon[i]);
      for (int r = r0; r <= r1; r++) {
        double cosRow = rowCos[r];
        double spanDeg = cosRow < 1e-3 ? 180.0
            : Math.min(180.0, reach / (KM_PER_DEG * cosRow) + CELL_DEG);
        int c0 = (int) Math.floor((lon[i] - spanDeg + 180.0) / CELL_DEG);
        int c1 = (int) Math.floor((lon[i] + spanDeg + 180.0) / CELL_DEG);
        if (c1 - c0 >= COLS) {
          c0 = 0;
          c1 = COLS - 1;
        }
        double zc = rowSin[r] * c[2];
        double xc = cosRow * c[0];
        double yc = cosRow * c[1];
        for (int cc = c0; cc <= c1; cc++) {
          int col = cc < 0 ? cc + COLS : (cc >= COLS ? cc - COLS : cc);
          double d2 = twoR2 * (1.0 - (xc * colCos[col] + yc * colSin[col] + zc));
          if (d2 <= reach2) {
            density[r * COLS + col] += w * Math.exp(-d2 * halfInvK2);
          }
        }
      }
    }
    // Levels until one cell spans the whole sphere's width.
    int levels = 1;
    for (int rr = ROWS, cc = COLS; rr > 1 || cc > 1; rr = (rr + 1) / 2, cc = (cc + 1) / 2) {
      levels++;
    }
    float[][] maxLog = new float[levels][];
    float[][] meanLog = new float[levels][];
    int[] rows = new int[levels];
    int[] cols = new int[levels];
    double[] mean = new double[ROWS * COLS];
    double[] max = new double[ROWS * COLS];
    double[] shape = regionKm > 0.0 ? contrast(density, regionKm) : density;
    // Normalise the shape to unit mass over the sphere.
    double mass = integral(shape);
    for (int k = 0; k < density.length; k++) {
      double p = (1.0 - floor) * shape[k] / mass + floor * uniform;
      mean[k] = p;
      max[k] = p;
    }
    rows[0] = ROWS;
    cols[0] = COLS;
    maxLog[0] = logs(max);
    meanLog[0] = maxLog[0];
    for (int l = 1; l < levels; l++) {
      int pr = rows[l - 1];
      int pc = cols[l - 1];
      int nr = (pr + 1) / 2;
      int nc = (pc + 1) / 2;
      double[] nmax = new double[nr * nc];
      double[] nmean = new double[nr * nc];
      for (int r = 0; r < nr; r++) {
        for (int c = 0; c < nc; c++) {
          double mx = 0.0;
          double sum = 0.0;
          int k = 0;
          for (int dr = 0; dr < 2; dr++) {
            for (int dc = 0; dc < 2; dc++) {
              int rr = 2 * r + dr;
              int cc = 2 * c + dc;
              if (rr < pr && cc < pc) {
                mx = Math.max(mx, max[rr * pc + cc]);
                sum += mean[rr * pc + cc];
                k++;
              }
            }
          }
          nmax[r * nc + c] = mx;
          nmean[r * nc + c] = sum / k;
        }
      }
      rows[l] = nr;
      cols[l] = nc;
      maxLog[l] = logs(nmax);
      meanLog[l] = logs(nmean);
      max = nmax;
      mean = nmean;
    }
    return new PopulationPrior(exponent, kernelKm, regionKm, floor, count, logFloor, maxLog,
        meanLog, rows, cols);
  }

  /**
   * Local contrast: the density over its own regional average, {@code f / (f_B + f₀)}, where
   * {@code f_B} is f blurred at the regional scale B (three box passes of half-width B, ≈ a
   * Gaussian of σ = B) and {@code f₀} is {@link #CONTRAST_FLOOR} × the mean density over land.
   * It says where within a region hosts are, not which region: a megacity region does not pull a
   * wide posterior across a continent.
   */
  private static double[] contrast(double[] f, double regionKm) {
    double[] b = f.clone();
    double[] tmp = new double[f.length];
    double kmPerCell = KM_PER_DEG * CELL_DEG;
    int hwLat = Math.max(1, (int) Math.round(regionKm / kmPerCell));
    for (int pass = 0; pass < 3; pass++) {
      // Along each row (longitude wraps), half-width in cells grows as 1/cos φ.
      double[] prefix = new double[COLS + 1];
      for (int r = 0; r < ROWS; r++) {
        double cos = Math.cos((-90.0 + (r + 0.5) * CELL_DEG) * SphereMath.DEG);
        int hw = cos * COLS * kmPerCell / 2.0 <= regionKm ? COLS
            : (int) Math.round(regionKm / (kmPerCell * cos));
        for (int c = 0; c < COLS; c++) {
          prefix[c + 1] = prefix[c] + b[r * COLS + c];
        }
        double total = prefix[COLS];
        for (int c = 0; c < COLS; c++) {
          if (hw * 2 + 1 >= COLS) {
            tmp[r * COLS + c] = total / COLS;
            continue;
          }
          int lo = c - hw;
          int hi = c + hw;
          double sum;
          if (lo < 0) {
            sum = prefix[hi + 1] + total - prefix[lo + COLS];
          } else if (hi >= COLS) {
            sum = total - prefix[lo] + prefix[hi - COLS + 1];
          } else {
            sum = prefix[hi + 1] - prefix[lo];
          }
          tmp[r * COLS + c] = sum / (2 * hw + 1);
        }
      }
      // Along each column (clamped at the poles): running sums over whole rows, so the pass
      // reads memory in order.
      double[] sum = new double[COLS];
      int lo = 0;
      int hi = -1;
      for (int r = 0; r < ROWS; r++) {
        int wantLo = Math.max(0, r - hwLat);
        int wantHi = Math.min(ROWS - 1, r + hwLat);
        while (hi < wantHi) {
          hi++;
          for (int c = 0, o = hi * COLS; c < COLS; c++) {
            sum[c] += tmp[o + c];
          }
        }
        while (lo < wantLo) {
          for (int c = 0, o = lo * COLS; c < COLS; c++) {
            sum[c] -= tmp[o + c];
          }
          lo++;
        }
        double inv = 1.0 / (hi - lo + 1);
        for (int c = 0, o = r * COLS; c < COLS; c++) {
          b[o + c] = Math.max(0.0, sum[c] * inv);
        }
      }
    }
    // f₀: a share of the mean density over land (29 % of the sphere).
    double total = integral(f);
    double f0 = CONTRAST_FLOOR * total / (0.29 * 4.0 * Math.PI * SphereMath.R_KM * SphereMath.R_KM);
    double[] g = new double[f.length];
    for (int k = 0; k < f.length; k++) {
      g[k] = f[k] / (b[k] + f0);
    }
    return g;
  }

  /** ∫ v dA over the sphere for a raster of densities (cell areas ∝ cos φ), km²·v. */
  private static double integral(double[] v) {
    double cellArea = Math.pow(KM_PER_DEG * CELL_DEG, 2);
    double sum = 0.0;
    for (int r = 0; r < ROWS; r++) {
      double a = cellArea * Math.cos((-90.0 + (r + 0.5) * CELL_DEG) * SphereMath.DEG);
      for (int c = 0, o = r * COLS; c < COLS; c++) {
        sum += a * v[o + c];
      }
    }
    return sum;
  }

  private static float[] logs(double[] v) {
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (float) Math.log(v[k]);
    }
    return out;
  }

  /** The bundled GeoNames places with the fitted constants; built once, shared. */
  public static PopulationPrior standard() {
    return Standard.INSTANCE;
  }

  /**
   * The prior with these constants: {@link #standard()} (shared) for {@link Constants#STANDARD},
   * otherwise a new one (built in a few hundred ms).
   */
  public static PopulationPrior of(Constants constants) {
    Objects.requireNonNull(constants, "constants must not be null");
    // Compared field by field: a record's equals is bootstrapped through invokedynamic on first
    // use, a tenth of a one-target command's CPU (docs/decisions/cli-startup.md, §7).
    Constants s = Constants.STANDARD;
    if (Double.compare(constants.exponent(), s.exponent()) == 0
        && Double.compare(constants.kernelKm(), s.kernelKm()) == 0
        && Double.compare(constants.regionKm(), s.regionKm()) == 0
        && Double.compare(constants.floor(), s.floor()) == 0) {
      return standard();
    }
    return of(constants.exponent(), constants.kernelKm(), constants.regionKm(),
        constants.floor());
  }

  /**
   * The bundled GeoNames places with other constants.
   *
   * @param exponent γ in [0, 2]: place weight ∝ population^γ (0 = every town alike)
   * @param kernelKm σ in [5, 500] km
   * @param floor λ in (0, 1): the uniform share
   * @throws IllegalArgumentException if a constant is out of range
   */
  public static PopulationPrior of(double exponent, double kernelKm, double floor) {
    return of(exponent, kernelKm, 0.0, floor);
  }

  /**
   * The bundled GeoNames places with other constants, as local contrast at scale
   * {@code regionKm} (0 = plain density; see the class comment).
   *
   * @param regionKm B, 0 or in [2σ, 3000] km
   */
  public static PopulationPrior of(double exponent, double kernelKm, double regionKm,
      double floor) {
    validate(exponent, kernelKm, regionKm, floor);
    Places p = Places.INSTANCE;
    return build(exponent, kernelKm, regionKm, floor, p.lat, p.lon, p.pop, p.count);
  }

  /**
   * Checks constants for {@link #of(double, double, double, double)} without building anything
   * (building takes a few hundred ms).
   *
   * @throws IllegalArgumentException naming the first constant out of range and its range
   */
  public static void validate(double exponent, double kernelKm, double regionKm, double floor) {
    if (!(exponent >= 0.0 && exponent <= 2.0)) {
      throw new IllegalArgumentException(
          "population exponent must be in [0, 2], got " + exponent);
    }
    if (!(kernelKm >= 5.0 && kernelKm <= 500.0)) {
      throw new IllegalArgumentException(
          "population kernel must be in [5, 500] km, got " + kernelKm);
    }
    if (!(floor > 0.0 && floor < 1.0)) {
      throw new IllegalArgumentException(
          "population floor share must be in (0, 1), got " + floor);
    }
    if (!(regionKm == 0.0 || (regionKm >= 2.0 * kernelKm && regionKm <= 3000.0))) {
      throw new IllegalArgumentException("population region scale must be 0 or in [2 x kernel,"
          + " 3000] km, got " + regionKm);
    }
  }

  /** γ. */
  public double exponent() {
    return exponent;
  }

  /** σ, km. */
  public double kernelKm() {
    return kernelKm;
  }

  /** λ. */
  public double floor() {
    return floor;
  }

  /** B, km (0 = plain density). */
  public double regionKm() {
    return regionKm;
  }

  /** How many places the density is made of. */
  public int places() {
    return places;
  }

  /** ln P at a point (area density per km²), from the raster cell that holds it. */
  public double logDensity(double latDeg, double lonDeg) {
    return maxLog[0][row(latDeg) * COLS + col(lonDeg)];
  }

  /** ln of the floor density λ/(4πR²): the value far from any town. */
  double logFloor() {
    return logFloor;
  }

  double logAt(double x, double y, double z) {
    return logDensity(SphereMath.latDeg(z), SphereMath.lonDeg(x, y));
  }

  /** ln of the mean density over the raster block about the size of a cell {@code sizeDeg} (degrees). */
  double logMeanAt(double lat, double lon, double sizeDeg) {
    int level = 0;
    while (level + 1 < rows.length && CELL_DEG * (1 << (level + 1)) <= sizeDeg * 1.0001) {
      level++;
    }
    int r = row(lat) >> level;
    int c = col(lon) >> level;
    return meanLog[level][Math.min(r, rows[level] - 1) * cols[level]
        + Math.min(c, cols[level] - 1)];
  }

  /** An upper bound of ln P over the disk of radius {@code hKm} around the point (degrees). */
  double logUpperBound(double lat, double lon, double hKm) {
    double dLat = hKm / KM_PER_DEG + CELL_DEG;
    double lo = lat - dLat;
    double hi = lat + dLat;
    int r0 = row(Math.max(-90.0, lo));
    int r1 = row(Math.min(90.0, hi));
    int c0;
    int c1;
    double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
    double dLon = maxAbs >= 89.0 ? 360.0
        : dLat / Math.cos(maxAbs * SphereMath.DEG) + CELL_DEG;
    if (dLon >= 180.0) {
      c0 = 0;
      c1 = COLS - 1;
    } else {
      c0 = (int) Math.floor((lon - dLon + 180.0) / CELL_DEG);
      c1 = (int) Math.floor((lon + dLon + 180.0) / CELL_DEG);
    }
    int span = Math.max(r1 - r0, c1 - c0) + 1;
    int level = 0;
    while (level + 1 < rows.length && (span >> level) > 3) {
      level++;
    }
    float best = Float.NEGATIVE_INFINITY;
    // Split a longitude range that crosses ±180° into two.
    if (c0 < 0) {
      best = Math.max(best, maxOver(level, r0, r1, Math.floorMod(c0, COLS), COLS - 1));
      best = Math.max(best, maxOver(level, r0, r1, 0, c1));
    } else if (c1 >= COLS) {
      best = Math.max(best, maxOver(level, r0, r1, c0, COLS - 1));
      best = Math.max(best, maxOver(level, r0, r1, 0, c1 - COLS));
    } else {
      best = maxOver(level, r0, r1, c0, c1);
    }
    return best;
  }

  private float maxOver(int level, int r0, int r1, int c0, int c1) {
    float[] m = maxLog[level];
    int nc = cols[level];
    float best = Float.NEGATIVE_INFINITY;
    for (int r = r0 >> level; r <= r1 >> level; r++) {
      for (int c = c0 >> level; c <= c1 >> level; c++) {
        best = Math.max(best, m[r * nc + c]);
      }
    }
    return best;
  }

  private static int row(double lat) {
    int r = (int) Math.floor((lat + 90.0) / CELL_DEG);
    return r < 0 ? 0 : (r >= ROWS ? ROWS - 1 : r);
  }

  private static int col(double lon) {
    int c = (int) Math.floor((lon + 180.0) / CELL_DEG);
    return Math.floorMod(c, COLS);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "PopulationPrior[γ=%.3g, σ=%.3g km, B=%.3g km, λ=%.3g, %d places]",
        exponent, kernelKm, regionKm, floor, places);
  }

  /** The bundled table, read once. */
  private static final class Places {
    static final Places INSTANCE = read();
    final double[] lat;
    final double[] lon;
    final double[] pop;
    final int count;

    private Places(double[] lat, double[] lon, double[] pop, int count) {
      this.lat = lat;
      this.lon = lon;
      this.pop = pop;
      this.count = count;
    }

    private static Places read() {
      double[] lat = new double[32768];
      double[] lon = new double[32768];
      double[] pop = new double[32768];
      int n = 0;
      try (InputStream raw = Objects.requireNonNull(
              PopulationPrior.class.getResourceAsStream(RESOURCE),
              "fusion-core resource " + RESOURCE + " is missing: rebuild fusion-core");
          BufferedReader in = new BufferedReader(new InputStreamReader(
              new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isEmpty() || line.charAt(0) == '#') {
            continue;
          }
          String[] f = line.split("\t", -1);
          if (f.length < 3) {
            throw new IllegalStateException(RESOURCE + " line " + lineNo
                + ": expected lat, lon, population");
          }
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
            lon = Arrays.copyOf(lon, n * 2);
            pop = Arrays.copyOf(pop, n * 2);
          }
          lat[n] = Double.parseDouble(f[0]);
          lon[n] = Double.parseDouble(f[1]);
          pop[n] = Double.parseDouble(f[2]);
          n++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read fusion-core resource " + RESOURCE, e);
      }
      return new Places(lat, lon, pop, n);
    }
  }

  /**
   * The standard prior as tabulated at build time ({@code population-prior.bin}, written by {@link #main});
   * built from the places only when the table is missing (a class directory without the build
   * step).
   */
  private static final class Standard {
    static final PopulationPrior INSTANCE = load();

    private static PopulationPrior load() {
      try (InputStream in = PopulationPrior.class.getResourceAsStream(TABLE)) {
        if (in != null) {
          return read(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read fusion-core resource " + TABLE
            + ": rebuild fusion-core", e);
      }
      return buildStandard();
    }
  }

  /** The standard prior built from the places, never from the table (the slow path). */
  static PopulationPrior buildStandard() {
    Places p = Places.INSTANCE;
    return build(STANDARD_EXPONENT, STANDARD_KERNEL_KM, STANDARD_REGION_KM, STANDARD_FLOOR,
        p.lat, p.lon, p.pop, p.count);
  }

  /**
   * Writes the tabulated prior: a header (magic, format version, the four constants, the place
   * count, ln of the floor, the level count) then per level its rows, columns, the ln-max cells
   * and, above level 0 (where max and mean are the same cells), the ln-mean cells; big-endian.
   */
  void write(OutputStream target) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
    out.writeInt(TABLE_MAGIC);
    out.writeInt(TABLE_VERSION);
    out.writeDouble(exponent);
    out.writeDouble(kernelKm);
    out.writeDouble(regionKm);
    out.writeDouble(floor);
    out.writeInt(places);
    out.writeDouble(logFloor);
    out.writeInt(rows.length);
    for (int l = 0; l < rows.length; l++) {
      out.writeInt(rows[l]);
      out.writeInt(cols[l]);
      writeFloats(out, maxLog[l]);
      if (l > 0) {
        writeFloats(out, meanLog[l]);
      }
    }
    out.flush();
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES);
    b.asFloatBuffer().put(v);
    out.write(b.array());
  }

  /** Reads what {@link #write} wrote; the cells are the same floats, bit for bit. */
  static PopulationPrior read(InputStream in) throws IOException {
    ByteBuffer b = readAll(in);
    if (b.remaining() < 8 || b.getInt() != TABLE_MAGIC || b.getInt() != TABLE_VERSION) {
      throw new IOException("not a population prior table of format " + TABLE_VERSION);
    }
    double exponent = b.getDouble();
    double kernelKm = b.getDouble();
    double regionKm = b.getDouble();
    double floor = b.getDouble();
    int places = b.getInt();
    double logFloor = b.getDouble();
    int levels = b.getInt();
    if (levels < 1 || levels > 32) {
      throw new IOException("population prior table: " + levels + " levels");
    }
    float[][] maxLog = new float[levels][];
    float[][] meanLog = new float[levels][];
    int[] rows = new int[levels];
    int[] cols = new int[levels];
    for (int l = 0; l < levels; l++) {
      rows[l] = b.getInt();
      cols[l] = b.getInt();
      if (rows[l] < 1 || cols[l] < 1 || (long) rows[l] * cols[l] > ROWS * COLS) {
        throw new IOException("population prior table: level " + l + " is " + rows[l] + " x "
            + cols[l]);
      }
      maxLog[l] = readFloats(b, rows[l] * cols[l]);
      meanLog[l] = l == 0 ? maxLog[0] : readFloats(b, rows[l] * cols[l]);
    }
    return new PopulationPrior(exponent, kernelKm, regionKm, floor, places, logFloor, maxLog,
        meanLog, rows, cols);
  }

  /**
   * Every byte of the stream in large reads into one array sized for the standard table (7 MB):
   * from a jar entry this takes a tenth of the time of {@code readAllBytes}, which inflates in
   * 8 kB steps and copies the pieces together.
   */
  private static ByteBuffer readAll(InputStream in) throws IOException {
    byte[] buf = new byte[8 << 20];
    int n = 0;
    int r;
    while ((r = in.read(buf, n, buf.length - n)) > 0) {
      n += r;
      if (n == buf.length) {
        if (buf.length >= 64 << 20) {
          throw new IOException("population prior table is larger than 64 MB");
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    return ByteBuffer.wrap(buf, 0, n);
  }

  private static float[] readFloats(ByteBuffer b, int n) throws IOException {
    if (b.remaining() < n * Float.BYTES) {
      throw new IOException("population prior table is truncated");
    }
    float[] v = new float[n];
    b.asFloatBuffer().get(v);
    b.position(b.position() + n * Float.BYTES);
    return v;
  }

  /** True if both priors have the same constants and the same cells, bit for bit. */
  boolean sameTable(PopulationPrior o) {
    return Double.compare(exponent, o.exponent) == 0 && Double.compare(kernelKm, o.kernelKm) == 0
        && Double.compare(regionKm, o.regionKm) == 0 && Double.compare(floor, o.floor) == 0
        && places == o.places && Double.compare(logFloor, o.logFloor) == 0
        && Arrays.equals(rows, o.rows) && Arrays.equals(cols, o.cols)
        && Arrays.deepEquals(maxLog, o.maxLog) && Arrays.deepEquals(meanLog, o.meanLog);
  }

  /**
   * The build step (fusion-core's pom, phase process-classes): builds the standard prior from the
   * places and writes its table to the file named by the one argument.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PopulationPrior TABLE-FILE");
    }
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      buildStandard().write(out);
    }
  }
}
