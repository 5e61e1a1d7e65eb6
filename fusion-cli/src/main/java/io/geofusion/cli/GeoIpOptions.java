package io.geofusion.cli;

import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.UnsupportedDatabaseException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The GeoIP database options shared by every command that looks addresses up ({@code
 * --geoip-city}, {@code --geoip-asn}, {@code --geoip-overlay}; config keys {@code geoip.*}).
 */
final class GeoIpOptions {

  @Option(names = "--geoip-city", paramLabel = "DB", description = "GeoIP City database.")
  Path city;

  @Option(names = "--geoip-asn", paramLabel = "DB", description = "GeoIP ASN database.")
  Path asn;

  @Option(names = "--geoip-overlay", paramLabel = "DB",
      description = "Overlay database consulted before the others (see 'geofusion geoip build').")
  Path overlay;

  /** True when no database was given. */
  boolean none() {
    return city == null && asn == null && overlay == null;
  }

  /**
   * The databases given, overlay first, or the empty service when none is; a missing or corrupt
   * file is a one-line failure naming it.
   */
  GeoIpService open() {
    return none() ? GeoIpService.empty() : open(city, asn, overlay, null);
  }

  /**
   * As {@link #open()}, with the anonymous-IP database of {@code anonymous} (if given) after the
   * City and ASN databases.
   */
  GeoIpService open(AnonymousIpOption anonymous) {
    Path anon = anonymous == null ? null : anonymous.file;
    return none() && anon == null ? GeoIpService.empty()
        : open(city, asn, overlay, anon);
  }

  /**
   * Opens the databases given (any may be null), overlay first; a missing or corrupt file, or a
   * file of the wrong type (a {@code city} or {@code overlay} without locations, an {@code asn}
   * without AS numbers, an {@code anonymous} file that is not an anonymous-IP database), is a
   * one-line failure naming the type found.
   */
  static GeoIpService open(Path city, Path asn, Path overlay, Path anonymous) {
    try {
      MaxMindGeoIpService.Builder b = MaxMindGeoIpService.builder();
      if (city != null) {
        b.locationDatabase(city);
      }
      if (asn != null) {
        b.asnDatabase(asn);
      }
      if (anonymous != null) {
        b.anonymousIpDatabase(anonymous);
      }
      GeoIpService m = city == null && asn == null && anonymous == null ? GeoIpService.empty()
          : b.build();
      if (overlay == null) {
        return m;
      }
      try {
        return GeoIpService.overlay(
            MaxMindGeoIpService.builder().locationDatabase(overlay).build(), m);
      } catch (GeoIpException | RuntimeException e) {
        m.close(); // the overlay failed: do not leak the databases already open
        throw e;
      }
    } catch (UnsupportedDatabaseException e) {
      String option = e.file().equals(asn) ? "--geoip-asn" : e.file().equals(city)
          ? "--geoip-city" : e.file().equals(overlay) ? "--geoip-overlay" : "--geoip-anonymous";
      throw new Failure(option + ": " + e.getMessage(), e);
    } catch (GeoIpException e) {
      throw new Failure(e.getMessage(), e);
    }
  }
}
