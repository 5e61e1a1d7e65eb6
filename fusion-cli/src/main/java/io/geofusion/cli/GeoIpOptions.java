package io.geofusion.cli;

import io.geofusion.geoip.GeoIpService;
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
    return none() ? GeoIpService.empty() : GeoIpCommand.open(city, asn, overlay, null);
  }

  /**
   * As {@link #open()}, with the anonymous-IP database of {@code anonymous} (if given) after the
   * City and ASN databases.
   */
  GeoIpService open(AnonymousIpOption anonymous) {
    Path anon = anonymous == null ? null : anonymous.file;
    return none() && anon == null ? GeoIpService.empty()
        : GeoIpCommand.open(city, asn, overlay, anon);
  }
}
