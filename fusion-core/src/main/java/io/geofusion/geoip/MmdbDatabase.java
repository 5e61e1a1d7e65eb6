package io.geofusion.geoip;

import com.maxmind.db.CHMCache;
import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Network;
import com.maxmind.db.NoCache;
import com.maxmind.db.NodeCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AnonymousPlusResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;
import io.geofusion.geo.LatLon;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One opened MaxMind DB file. GeoIP2-schema databases (database type containing {@code City},
 * {@code Enterprise}, {@code Country}, {@code GeoLite2-ASN}, {@code GeoIP2-ISP}, {@code
 * GeoIP2-Anonymous-IP} or {@code GeoIP-Anonymous-Plus}, exactly the types geoip2's {@link
 * DatabaseReader} accepts for those methods) are read through {@code
 * DatabaseReader.tryCity/tryCountry/tryAsn/tryIsp/tryAnonymousIp/tryAnonymousPlus}; any other
 * type through the generic {@link
 * Reader} as maps, recognising GeoIP2-shaped nesting and common flat keys ({@code country_code},
 * {@code latitude}, {@code longitude}, {@code city}, {@code autonomous_system_number}…).
 *
 * <p>Thread-safe: both MaxMind readers are, and the rest is final.
 */
final class MmdbDatabase {

  enum Kind { CITY, COUNTRY, ASN, ISP, ANONYMOUS_IP, ANONYMOUS_PLUS, GENERIC }

  /** How many records the open-time probe decodes to learn a custom schema and catch damage. */
  private static final int PROBE_RECORDS = 32;
  /** Radius used for a city-level answer from a database that has no accuracy_radius (km). */
  static final double MISSING_CITY_RADIUS_KM = 100.0;

  final Path file;
  final Kind kind;
  final String type;
  final String source;
  final boolean hasLocation;
  final boolean hasAsn;
  /** Answers {@link #anonymousIp}: the anonymous-IP kinds only (custom schemas are not read). */
  final boolean hasAnonymousIp;
  /** IPv4-only file: an IPv6 question is a miss (MaxMind's reader would throw). */
  private final boolean ipv4Only;
  private final DatabaseReader geoip2;
  private final Reader generic;
  private final CountryCentroids centroids;
  /** Checks the path of a miss (null for a file over 2 GiB, which the checks cannot index). */
  private MmdbVerifier tree;

  private MmdbDatabase(Path file, Kind kind, String type, DatabaseReader geoip2, Reader generic,
      boolean hasLocation, boolean hasAsn, CountryCentroids centroids) {
    this.file = file;
    this.kind = kind;
    this.type = type;
    this.source = type + " (" + file.getFileName() + ")";
    this.geoip2 = geoip2;
    this.generic = generic;
    this.hasLocation = hasLocation;
    this.hasAsn = hasAsn;
    this.hasAnonymousIp = kind == Kind.ANONYMOUS_IP || kind == Kind.ANONYMOUS_PLUS;
    this.centroids = centroids;
    this.ipv4Only = (geoip2 != null ? geoip2.metadata() : generic.getMetadata()).ipVersion() == 4;
  }

  static MmdbDatabase open(Path file, int cacheCapacity, boolean verify, CountryCentroids centroids)
      throws GeoIpException {
    if (!Files.exists(file)) {
      throw new DatabaseNotFoundException(file, "does not exist", null);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DatabaseNotFoundException(file, "is not a readable regular file", null);
    }
    MmdbVerifier v;
    try {
      v = MmdbVerifier.open(file);
      if (v != null) {
        if (verify) {
          v.verify();
        } else {
          v.checkMetadata();
        }
      }
    } catch (GeoIpException e) {
      throw e;
    } catch (IOException e) {
      throw new DatabaseNotFoundException(file, "cannot be read (" + e.getMessage() + ")", e);
    }
    Reader reader = null;
    DatabaseReader dbReader = null;
    try {
      reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, cache(cacheCapacity));
      String type = reader.getMetadata().databaseType();
      Kind kind = kindOf(type);
      if (kind != Kind.GENERIC) {
        reader.close();
        reader = null;
        dbReader = new DatabaseReader.Builder(file.toFile())
            .withCache(cache(cacheCapacity))
            .fileMode(Reader.FileMode.MEMORY_MAPPED)
            .build();
        MmdbDatabase db = new MmdbDatabase(file, kind, type, dbReader, null,
            kind == Kind.CITY || kind == Kind.COUNTRY, kind == Kind.ASN || kind == Kind.ISP,
            centroids);
        db.tree = v;
        return db.probed();
      }
      MmdbDatabase probe = new MmdbDatabase(file, kind, type, null, reader, true, true, centroids);
      probe.tree = v;
      boolean[] found = probe.probeGeneric();
      if (!found[0] && !found[1]) {
        throw new UnsupportedDatabaseException(file, "database type '" + type + "' has neither"
            + " locations (latitude/longitude or a country code) nor AS numbers in its first "
            + PROBE_RECORDS + " records");
      }
      MmdbDatabase db = new MmdbDatabase(file, kind, type, null, reader, found[0], found[1],
          centroids);
      db.tree = v;
      return db;
    } catch (GeoIpException e) {
      closeQuietly(reader, dbReader);
      throw e;
    } catch (Exception | StackOverflowError e) {
      closeQuietly(reader, dbReader);
      throw corrupt(file, e);
    }
  }

  static Kind kindOf(String type) {
    // The same substring tests geoip2's DatabaseReader applies (5.2.0, getDatabaseType()).
    if (type.contains("City") || type.contains("Enterprise")) {
      return Kind.CITY;
    }
    if (type.contains("Country")) {
      return Kind.COUNTRY;
    }
    if (type.contains("GeoLite2-ASN")) {
      return Kind.ASN;
    }
    if (type.contains("GeoIP2-ISP")) {
      return Kind.ISP;
    }
    if (type.contains("GeoIP2-Anonymous-IP")) {
      return Kind.ANONYMOUS_IP;
    }
    if (type.contains("GeoIP-Anonymous-Plus")) {
      return Kind.ANONYMOUS_PLUS;
    }
    return Kind.GENERIC;
  }

  /** Decodes the first records through the typed reader, so damage shows on open. */
  private MmdbDatabase probed() throws GeoIpException {
    try {
      Reader r = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, NoCache.getInstance());
      try (r) {
        Iterator<DatabaseRecord<Object>> it = r.networks(false, Object.class);
        for (int i = 0; i < PROBE_RECORDS && it.hasNext(); i++) {
          DatabaseRecord<Object> rec = it.next();
          InetAddress a = rec.network().networkAddress();
          if (hasLocation) {
            locate(a);
          } else if (hasAsn) {
            asn(a);
          } else {
            anonymousIp(a);
          }
        }
      }
      return this;
    } catch (GeoIpException e) {
      close();
      throw e;
    } catch (Exception | StackOverflowError e) {
      close();
      throw corrupt(file, e);
    }
  }

  private boolean[] probeGeneric() throws Exception {
    boolean[] found = new boolean[2];
    Iterator<DatabaseRecord<Object>> it = generic.networks(false, Object.class);
    for (int i = 0; i < PROBE_RECORDS && it.hasNext(); i++) {
      DatabaseRecord<Object> rec = it.next();
      if (rec.data() instanceof Map) {
        Map<?, ?> m = (Map<?, ?>) rec.data();
        found[0] |= fromMap(m, rec.network()).isPresent();
        found[1] |= asnFromMap(m, rec.network()).isPresent();
      }
    }
    return found;
  }

  Optional<GeoIpLocation> locate(InetAddress address) throws GeoIpException {
    if (!hasLocation || (ipv4Only && address instanceof Inet6Address)) {
      return Optional.empty();
    }
    return guarded(address, () -> {
      switch (kind) {
        case CITY:
          return geoip2.tryCity(address).flatMap(this::fromCity);
        case COUNTRY:
          return geoip2.tryCountry(address).flatMap(this::fromCountry);
        case GENERIC: {
          DatabaseRecord<Object> rec = generic.getRecord(address, Object.class);
          return rec.data() instanceof Map
              ? fromMap((Map<?, ?>) rec.data(), rec.network()) : Optional.empty();
        }
        default:
          return Optional.empty();
      }
    });
  }

  Optional<AsnInfo> asn(InetAddress address) throws GeoIpException {
    if (!hasAsn || (ipv4Only && address instanceof Inet6Address)) {
      return Optional.empty();
    }
    return guarded(address, () -> {
      switch (kind) {
        case ASN:
          return geoip2.tryAsn(address).flatMap(this::fromAsn);
        case ISP:
          return geoip2.tryIsp(address).flatMap(this::fromIsp);
        case GENERIC: {
          DatabaseRecord<Object> rec = generic.getRecord(address, Object.class);
          return rec.data() instanceof Map
              ? asnFromMap((Map<?, ?>) rec.data(), rec.network()) : Optional.empty();
        }
        default:
          return Optional.empty();
      }
    });
  }

  Optional<AnonymousIpInfo> anonymousIp(InetAddress address) throws GeoIpException {
    if (!hasAnonymousIp || (ipv4Only && address instanceof Inet6Address)) {
      return Optional.empty();
    }
    // A record with no flag set (MaxMind's own test database has such empty maps, e.g. for
    // 6.1.0.5) says nothing about the address: a miss, as a City record without a position is.
    return guarded(address, () -> (kind == Kind.ANONYMOUS_IP
        ? geoip2.tryAnonymousIp(address).map(this::fromAnonymousIp)
        : geoip2.tryAnonymousPlus(address).map(this::fromAnonymousPlus))
        .filter(a -> !a.noFlagSet()));
  }

  /** One lookup against the reader. */
  private interface Lookup<T> {
    Optional<T> run() throws IOException, GeoIp2Exception;
  }

  /** Runs a lookup, mapping a closed reader and every decoder failure to typed exceptions. */
  private <T> Optional<T> guarded(InetAddress address, Lookup<T> lookup) throws GeoIpException {
    try {
      Optional<T> answer = lookup.run();
      if (tree != null) {
        // A miss may be a looping tree, and so may a hit: a path that loops and then leaves
        // for a record answers with the wrong record. Walk the path again and say so.
        tree.checkPath(address);
      }
      return answer;
    } catch (ClosedDatabaseException e) {
      throw closed();
    } catch (GeoIpException e) {
      throw e;
    } catch (IOException | GeoIp2Exception | RuntimeException | StackOverflowError e) {
      // StackOverflowError: the MaxMind decoder recurses per nesting level, so a maliciously
      // deep record (bad-data/libmaxminddb-deep-nesting.mmdb) overflows; the stack unwinds
      // cleanly and the file is what is wrong.
      throw corrupt(file, e);
    }
  }

  private Optional<GeoIpLocation> fromCity(CityResponse r) {
    Location loc = r.location();
    String iso = iso(r.country().isoCode());
    Subdivision sub = r.mostSpecificSubdivision();
    String subName = sub == null ? null : nonBlank(english(sub.names()), sub.isoCode());
    String city = nonBlank(english(r.city().names()), null);
    Integer radius = loc.accuracyRadius();
    LatLon pos = loc.latitude() != null && loc.longitude() != null
        ? LatLon.of(loc.latitude(), loc.longitude()) : null;
    return build(pos, radius, iso, subName, city, r.traits().network());
  }

  private Optional<GeoIpLocation> fromCountry(CountryResponse r) {
    return build(null, null, iso(r.country().isoCode()), null, null, r.traits().network());
  }

  private Optional<AsnInfo> fromAsn(AsnResponse r) {
    return r.autonomousSystemNumber() == null ? Optional.empty()
        : Optional.of(new AsnInfo(r.autonomousSystemNumber(), r.autonomousSystemOrganization(),
            network(r.network()), source));
  }

  private Optional<AsnInfo> fromIsp(IspResponse r) {
    return r.autonomousSystemNumber() == null ? Optional.empty()
        : Optional.of(new AsnInfo(r.autonomousSystemNumber(), r.autonomousSystemOrganization(),
            network(r.network()), source));
  }

  private AnonymousIpInfo fromAnonymousIp(AnonymousIpResponse r) {
    return new AnonymousIpInfo(r.isAnonymous(), r.isAnonymousVpn(), r.isHostingProvider(),
        r.isPublicProxy(), r.isResidentialProxy(), r.isTorExitNode(), network(r.network()),
        source);
  }

  private AnonymousIpInfo fromAnonymousPlus(AnonymousPlusResponse r) {
    Integer confidence = r.anonymizerConfidence();
    String provider = r.providerName();
    return new AnonymousIpInfo(r.isAnonymous(), r.isAnonymousVpn(), r.isHostingProvider(),
        r.isPublicProxy(), r.isResidentialProxy(), r.isTorExitNode(), network(r.network()),
        source,
        // Out of MaxMind's documented 1–99 is a malformed record, not a confidence.
        confidence != null && confidence >= 1 && confidence <= 99 ? OptionalInt.of(confidence)
            : OptionalInt.empty(),
        Optional.ofNullable(r.networkLastSeen()),
        provider == null || provider.isBlank() ? Optional.empty() : Optional.of(provider));
  }

  /** Custom schemas: GeoIP2-shaped nesting first, then flat keys. */
  private Optional<GeoIpLocation> fromMap(Map<?, ?> m, Network network) {
    LatLon pos = null;
    Integer radius = null;
    String iso;
    String city;
    String sub = null;
    if (m.get("location") instanceof Map) {
      Map<?, ?> loc = (Map<?, ?>) m.get("location");
      pos = latLon(loc.get("latitude"), loc.get("longitude"));
      radius = integer(loc.get("accuracy_radius"));
    } else {
      pos = latLon(m.get("latitude"), m.get("longitude"));
      radius = integer(m.get("accuracy_radius"));
    }
    if (m.get("country") instanceof Map) {
      iso = string(((Map<?, ?>) m.get("country")).get("iso_code"));
    } else {
      iso = firstString(m, "country_code", "country_iso_code", "country");
    }
    if (m.get("city") instanceof Map) {
      city = names((Map<?, ?>) m.get("city"));
    } else {
      city = firstString(m, "city", "city_name");
    }
    if (m.get("subdivisions") instanceof List && !((List<?>) m.get("subdivisions")).isEmpty()) {
      List<?> subs = (List<?>) m.get("subdivisions");
      Object last = subs.get(subs.size() - 1);
      if (last instanceof Map) {
        sub = nonBlank(names((Map<?, ?>) last), string(((Map<?, ?>) last).get("iso_code")));
      }
    } else {
      sub = firstString(m, "subdivision", "state1", "region", "state");
    }
    return build(pos, radius, iso(iso), nonBlank(sub, null), nonBlank(city, null), network);
  }

  private Optional<AsnInfo> asnFromMap(Map<?, ?> m, Network network) {
    Object n = m.containsKey("autonomous_system_number") ? m.get("autonomous_system_number")
        : m.get("asn");
    Long asn = null;
    if (n instanceof Number) {
      asn = ((Number) n).longValue();
    } else if (n instanceof String && ((String) n).matches("(?i)(AS)?\\d{1,10}")) {
      asn = Long.parseLong(((String) n).replaceFirst("(?i)^AS", ""));
    }
    if (asn == null || asn < 0 || asn > AsnInfo.MAX_ASN) {
      return Optional.empty();
    }
    String org = firstString(m, "autonomous_system_organization", "as_organization", "as_name",
        "organization");
    return Optional.of(new AsnInfo(asn, org, network(network), source));
  }

  /**
   * Applies the country-centroid rules of {@link CountryCentroids}: no coordinates → the
   * country's centroid; country-level recognised → radius widened.
   */
  private Optional<GeoIpLocation> build(LatLon pos, Integer radius, String iso, String sub,
      String city, Network network) {
    boolean countryLevel;
    double radiusKm;
    if (pos == null) {
      Optional<LatLon> c = centroids.centroid(iso);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      pos = c.get();
      countryLevel = true;
    } else {
      countryLevel = centroids.isCountryLevel(pos, radius, iso, sub, city);
    }
    if (countryLevel) {
      radiusKm = centroids.widenedRadiusKm(iso, radius);
    } else if (radius != null) {
      radiusKm = Math.max(1, radius); // accuracy_radius 0 would claim a point; 1 km is the floor
    } else {
      radiusKm = city != null ? MISSING_CITY_RADIUS_KM : CountryCentroids.UNKNOWN_COUNTRY_RADIUS_KM;
    }
    return Optional.of(new GeoIpLocation(pos, radiusKm, radius, countryLevel, iso, sub, city,
        network(network), source));
  }

  private static IpNetwork network(Network n) {
    return new IpNetwork(n.networkAddress(), n.prefixLength()); // MaxMind masks it already
  }

  private static LatLon latLon(Object lat, Object lon) {
    if (lat instanceof Number && lon instanceof Number) {
      double a = ((Number) lat).doubleValue();
      double o = ((Number) lon).doubleValue();
      if (a >= -90 && a <= 90 && o >= -180 && o <= 180) {
        return LatLon.of(a, o);
      }
    }
    return null;
  }

  private static Integer integer(Object v) {
    if (v instanceof Number) {
      long l = ((Number) v).longValue();
      return l >= 0 && l <= 40_000 ? (int) l : null;
    }
    return null;
  }

  private static String string(Object v) {
    return v instanceof String ? (String) v : null;
  }

  private static String firstString(Map<?, ?> m, String... keys) {
    for (String k : keys) {
      if (m.get(k) instanceof String && !((String) m.get(k)).isBlank()) {
        return (String) m.get(k);
      }
    }
    return null;
  }

  private static String names(Map<?, ?> record) {
    Object names = record.get("names");
    return names instanceof Map ? string(((Map<?, ?>) names).get("en")) : null;
  }

  private static String english(Map<String, String> names) {
    return names == null ? null : names.get("en");
  }

  private static String nonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }

  private static String iso(String code) {
    if (code == null) {
      return null;
    }
    if (GeoIpLocation.isIsoAlpha2(code)) {
      return code;
    }
    String up = code.trim().toUpperCase(Locale.ROOT);
    return GeoIpLocation.isIsoAlpha2(up) ? up : null;
  }

  private static NodeCache cache(int capacity) {
    return capacity == 0 ? NoCache.getInstance() : new CHMCache(capacity);
  }

  static DatabaseCorruptException corrupt(Path file, Throwable e) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new DatabaseCorruptException(file, what, e);
  }

  private IllegalStateException closed() {
    return new IllegalStateException("GeoIP database " + file + " is closed");
  }

  void close() {
    closeQuietly(generic, geoip2);
  }

  private static void closeQuietly(java.io.Closeable... cs) {
    for (java.io.Closeable c : cs) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // Closing a memory-mapped MaxMind reader only drops references; nothing to report.
        }
      }
    }
  }
}
