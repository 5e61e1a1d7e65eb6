package io.geofusion.geoip;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of country centroids and areas, used to recognise country-level GeoIP answers and to
 * widen their radius honestly.
 *
 * <p><b>Recognition</b> ({@link #isCountryLevel}): an answer is country-level when
 *
 * <ol>
 *   <li>the database gave no coordinates at all, only a country code (GeoIP2-Country, or custom
 *       {@code {country_code}} databases): the position is then this table's centroid; or
 *   <li>it has no city and no subdivision, and its accuracy radius is at least {@value
 *       #COUNTRY_LEVEL_MIN_RADIUS_KM} km (MaxMind places country-only answers at one fixed point
 *       per country with radii of 100–1000 km, e.g. 193.0.0.165 → NL 52.3824, 4.8995, 100 km in
 *       GeoLite2-City 2019-12-24); or
 *   <li>it has no city and its coordinates lie within {@value #CENTROID_MATCH_KM} km of this
 *       table's centroid for its own country (databases that reuse public centroid tables).
 * </ol>
 *
 * <p><b>Widening</b> ({@link #widenedRadiusKm}): a country-level answer gets the radius {@code
 * max(reported, √(area/π))}, the radius of a disc with the country's area, because a country
 * centroid says nothing finer than "somewhere in this country". For an elongated country (Chile,
 * Norway) the disc still misses the extremes; that is a documented lower bound, not a guarantee.
 * When the country or its area is unknown the radius becomes at least {@value
 * #UNKNOWN_COUNTRY_RADIUS_KM} km, MaxMind's largest accuracy radius.
 *
 * <p>The bundled table ({@link #bundled()}) has 250 entries derived from mledoze/countries
 * (npm {@code world-countries} 5.1.0), ODbL 1.0; centroids are rounded to about 0.5°, so rule 3
 * only matches databases that use the same table. Instances are immutable and thread-safe.
 */
public final class CountryCentroids {

  /** Rule 2: the smallest radius that, without city and subdivision, marks a country answer. */
  public static final int COUNTRY_LEVEL_MIN_RADIUS_KM = 100;

  /** Rule 3: how close to a table centroid counts as "equal" (km). */
  public static final double CENTROID_MATCH_KM = 1.0;

  /** Widening floor when the country's area is unknown (km). */
  public static final double UNKNOWN_COUNTRY_RADIUS_KM = 1000.0;

  private static final String RESOURCE = "country-centroids.tsv";

  /** One country: its centroid and its area in km² (NaN when unknown). */
  record Entry(LatLon centroid, double areaKm2) {}

  private final Map<String, Entry> entries;

  private CountryCentroids(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** The table bundled with GeoFusion (loaded once per call; keep the instance). */
  public static CountryCentroids bundled() {
    try (InputStream in = CountryCentroids.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing from the GeoFusion jar");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled " + RESOURCE, e);
    }
  }

  /**
   * Reads a table of lines {@code ISO<TAB>LAT<TAB>LON<TAB>AREA_KM2} ({@code #} starts a comment;
   * an area ≤ 0 means unknown).
   *
   * @throws IllegalArgumentException naming the line that is malformed
   */
  public static CountryCentroids parse(InputStream tsv) throws IOException {
    Map<String, Entry> map = new HashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(tsv, StandardCharsets.UTF_8));
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        if (f.length != 4 || !f[0].matches("[A-Z]{2}")) {
          throw new IllegalArgumentException("need ISO<TAB>LAT<TAB>LON<TAB>AREA_KM2");
        }
        double area = Double.parseDouble(f[3]);
        map.put(f[0], new Entry(LatLon.of(Double.parseDouble(f[1]), Double.parseDouble(f[2])),
            area > 0 ? area : Double.NaN));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("country centroid table line " + n + " '" + line
            + "': " + e.getMessage(), e);
      }
    }
    return new CountryCentroids(map);
  }

  /** The centroid of a country (ISO 3166-1 alpha-2, any case), if the table has it. */
  public Optional<LatLon> centroid(String isoCode) {
    Entry e = isoCode == null ? null : entries.get(isoCode.toUpperCase(Locale.ROOT));
    return e == null ? Optional.empty() : Optional.of(e.centroid());
  }

  /**
   * Radius in km of a disc with the country's area, √(area/π); NaN when unknown. E.g. NL (41,850
   * km²) → 115 km, US (9,372,610 km²) → 1,727 km.
   */
  public double equivalentRadiusKm(String isoCode) {
    Entry e = isoCode == null ? null : entries.get(isoCode.toUpperCase(Locale.ROOT));
    return e == null ? Double.NaN : Math.sqrt(e.areaKm2() / Math.PI);
  }

  /** Rules 2 and 3 above (rule 1 is decided by the caller, who knows there were no coordinates). */
  public boolean isCountryLevel(LatLon position, Integer reportedRadiusKm, String isoCode,
      String subdivision, String city) {
    Objects.requireNonNull(position, "position");
    if (city != null) {
      return false;
    }
    if (subdivision == null && reportedRadiusKm != null
        && reportedRadiusKm >= COUNTRY_LEVEL_MIN_RADIUS_KM) {
      return true;
    }
    Optional<LatLon> c = centroid(isoCode);
    // 1 km is under 0.01° of latitude: skip the geodesic unless the point is that close.
    return c.isPresent() && Math.abs(c.get().lat() - position.lat()) < 0.01
        && Geodesy.distanceKm(c.get(), position) <= CENTROID_MATCH_KM;
  }

  /** The widening rule above: {@code max(reported, √(area/π))}, or at least 1000 km if unknown. */
  public double widenedRadiusKm(String isoCode, Integer reportedRadiusKm) {
    double reported = reportedRadiusKm == null ? 0.0 : reportedRadiusKm;
    double eq = equivalentRadiusKm(isoCode);
    return Math.max(reported, Double.isNaN(eq) ? UNKNOWN_COUNTRY_RADIUS_KM : eq);
  }

  /** Number of countries in the table. */
  public int size() {
    return entries.size();
  }
}
