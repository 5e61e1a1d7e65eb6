package io.geofusion.geoip;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link GeoIpService} over MaxMind DB ({@code .mmdb}) files: GeoIP2/GeoLite2 City, Country,
 * Enterprise, ASN, ISP, Anonymous IP and Anonymous Plus databases through geoip2's {@code
 * DatabaseReader} (with its {@code
 * CHMCache}), and databases of any other schema (e.g. ip-location-db's {@code {country_code}}
 * files, or files written by {@link MmdbWriter}) through the generic {@code com.maxmind.db.Reader}.
 * The database type in the metadata decides which.
 *
 * <pre>{@code
 * try (GeoIpService geo = MaxMindGeoIpService.builder()
 *     .database(Path.of("GeoLite2-City.mmdb"))
 *     .database(Path.of("GeoLite2-ASN.mmdb"))
 *     .build()) {
 *   Optional<GeoIpLocation> where = geo.locate(IpNetwork.parseAddress("193.0.0.165"));
 * }
 * }</pre>
 *
 * <p><b>Precedence.</b> Databases are consulted in the order they were added; for each question
 * ({@link #locate}, {@link #asn} or {@link #anonymousIp}) the first database that holds that kind
 * of answer and has a record for the address wins. Put a City database before a Country database.
 *
 * <p><b>Thread safety.</b> Immutable after {@link Builder#build()}, safe to share across threads
 * (MaxMind's readers and caches are); one instance per process is the intended use.
 *
 * <p><b>Damage.</b> Opening checks the metadata (and, with {@link Builder#verify(boolean)}, every
 * node and record) and decodes the first records; anything the MaxMind readers throw on a broken
 * file, on open or later in a lookup, surfaces as {@link DatabaseCorruptException} naming the
 * file.
 */
public final class MaxMindGeoIpService implements GeoIpService {

  private final List<MmdbDatabase> databases;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MaxMindGeoIpService(List<MmdbDatabase> databases) {
    this.databases = List.copyOf(databases);
  }

  /** A builder; add at least one database. */
  public static Builder builder() {
    return new Builder();
  }

  /** Opens the given databases in precedence order with default settings. */
  public static MaxMindGeoIpService open(Path... databases) throws GeoIpException {
    Builder b = builder();
    for (Path p : databases) {
      b.database(p);
    }
    return b.build();
  }

  @Override
  public Optional<GeoIpLocation> locate(InetAddress address) throws GeoIpException {
    return first(address, MmdbDatabase::locate);
  }

  @Override
  public Optional<AsnInfo> asn(InetAddress address) throws GeoIpException {
    return first(address, MmdbDatabase::asn);
  }

  @Override
  public Optional<AnonymousIpInfo> anonymousIp(InetAddress address) throws GeoIpException {
    return first(address, MmdbDatabase::anonymousIp);
  }

  private <T> Optional<T> first(InetAddress address,
      FirstAnswer.Question<MmdbDatabase, T> question) throws GeoIpException {
    Objects.requireNonNull(address, "address");
    checkOpen();
    return FirstAnswer.of(databases, address, question);
  }

  /** The opened databases, in precedence order, as {@code "TYPE (FILE)"} source labels. */
  public List<String> sources() {
    List<String> out = new ArrayList<>();
    for (MmdbDatabase db : databases) {
      out.add(db.source);
    }
    return List.copyOf(out);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (MmdbDatabase db : databases) {
        db.close();
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("GeoIP service is closed; build a new one");
    }
  }

  @Override
  public String toString() {
    return "MaxMindGeoIpService" + sources();
  }

  /** Collects databases and settings; {@link #build()} opens them. Not thread-safe. */
  public static final class Builder {

    private final List<Path> files = new ArrayList<>();
    /** Files added by {@link #anonymousIpDatabase}, which must be of an anonymous-IP type. */
    private final List<Path> anonymousOnly = new ArrayList<>();
    /** Files added by {@link #locationDatabase}, which must hold locations. */
    private final List<Path> locationOnly = new ArrayList<>();
    /** Files added by {@link #asnDatabase}, which must hold AS numbers. */
    private final List<Path> asnOnly = new ArrayList<>();
    private int cacheCapacity = 4096;
    private boolean verify;
    private CountryCentroids centroids;

    private Builder() {}

    /** Adds a database; earlier ones take precedence. */
    public Builder database(Path file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds a database that must be an anonymous-IP database (database type containing {@code
     * GeoIP2-Anonymous-IP} or {@code GeoIP-Anonymous-Plus}); {@link #build()} refuses any other
     * type with {@link UnsupportedDatabaseException}, so a City file given by mistake is an error
     * instead of a silent "never listed". Precedence as for {@link #database(Path)}.
     */
    public Builder anonymousIpDatabase(Path file) {
      database(file);
      anonymousOnly.add(file);
      return this;
    }

    /**
     * Adds a database that must hold locations (a City or Country database, or a City-shaped
     * overlay such as {@code geofusion geoip build} writes); {@link #build()} refuses any other
     * type with {@link UnsupportedDatabaseException} naming the type it found, so an ASN file
     * given by mistake is an error instead of "no location" for every address.
     */
    public Builder locationDatabase(Path file) {
      database(file);
      locationOnly.add(file);
      return this;
    }

    /**
     * Adds a database that must hold AS numbers (GeoLite2-ASN, GeoIP2-ISP, or a generic database
     * with {@code autonomous_system_number}); {@link #build()} refuses any other type with
     * {@link UnsupportedDatabaseException} naming the type it found, so a City file given by
     * mistake is an error instead of silently yielding no host→ASN edge.
     */
    public Builder asnDatabase(Path file) {
      database(file);
      asnOnly.add(file);
      return this;
    }

    /**
     * Entries in each database's decoded-record cache ({@code com.maxmind.db.CHMCache}); 0
     * disables caching. Default 4096, geoip2's own default.
     */
    public Builder cacheCapacity(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("cache capacity must be >= 0 entries, got " + entries);
      }
      this.cacheCapacity = entries;
      return this;
    }

    /**
     * Whether opening walks every search-tree node and decodes every record (off by default:
     * about a second per 60 MB). Use it for files from untrusted sources.
     */
    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    /** Country centroid table for country-level answers; default {@link CountryCentroids#bundled()}. */
    public Builder countryCentroids(CountryCentroids table) {
      this.centroids = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Opens every database.
     *
     * @throws GeoIpException for the first file that is missing, corrupt or unusable, or not an
     *     anonymous-IP database although added by {@link #anonymousIpDatabase} (the others are
     *     closed again)
     * @throws IllegalStateException when no database was added
     */
    public MaxMindGeoIpService build() throws GeoIpException {
      if (files.isEmpty()) {
        throw new IllegalStateException("add at least one database with database(Path)");
      }
      CountryCentroids table = centroids != null ? centroids : CountryCentroids.bundled();
      List<MmdbDatabase> opened = new ArrayList<>();
      try {
        for (Path f : files) {
          MmdbDatabase db = MmdbDatabase.open(f, cacheCapacity, verify, table);
          opened.add(db);
          if (!db.hasAnonymousIp && anonymousOnly.contains(f)) {
            throw new UnsupportedDatabaseException(f, "database type '" + db.type + "' holds no"
                + " anonymous-IP flags; give a GeoIP2-Anonymous-IP (or GeoIP-Anonymous-Plus)"
                + " database");
          }
          if (!db.hasLocation && locationOnly.contains(f)) {
            throw new UnsupportedDatabaseException(f, "database type '" + db.type + "' holds no"
                + " locations; give a City or Country database (e.g. GeoLite2-City)");
          }
          if (!db.hasAsn && asnOnly.contains(f)) {
            throw new UnsupportedDatabaseException(f, "database type '" + db.type + "' holds no"
                + " AS numbers; give an ASN database (e.g. GeoLite2-ASN, or GeoIP2-ISP)");
          }
        }
      } catch (GeoIpException e) {
        opened.forEach(MmdbDatabase::close);
        throw e;
      }
      return new MaxMindGeoIpService(opened);
    }
  }
}
