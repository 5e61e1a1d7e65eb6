package io.geofusion.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --geoip-anonymous DB} (config key {@code geoip.anonymous}): a GeoIP2 Anonymous IP (or
 * GeoIP Anonymous Plus) database, for the commands that classify hosts ({@code analyze}) or show
 * what the databases say ({@code geoip lookup}). A file of another type is a one-line error, not
 * a silent "never listed".
 */
final class AnonymousIpOption {

  @Option(names = "--geoip-anonymous", paramLabel = "DB",
      description = "GeoIP2 Anonymous IP database: an address listed as anonymous VPN, public"
          + " proxy, Tor exit or residential proxy is classified vpn_exit (its GeoIP position"
          + " then counts little); hosting_provider is shown but changes nothing.")
  Path file;

  /** True when the option (or its config key) gave a database. */
  boolean given() {
    return file != null;
  }
}
