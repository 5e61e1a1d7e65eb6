package io.geofusion.geoip;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Looks up where an IP address is registered or used, which autonomous system announces it, and
 * whether it is listed as an anonymising exit (VPN, proxy, Tor).
 *
 * <p><b>Thread safety.</b> Implementations are immutable after construction and safe to share
 * across any number of threads; lookups may run concurrently with each other. Only
 * {@link #close()} must not race with lookups: a lookup after close throws
 * {@link IllegalStateException}.
 *
 * <p><b>Misses.</b> An address the databases do not cover (private, reserved, or simply absent)
 * yields {@link Optional#empty()}, never an exception. {@link GeoIpException} means the database
 * itself is broken (see {@link DatabaseCorruptException}).
 *
 * <p>Implementations: {@link MaxMindGeoIpService} (MaxMind DB files, GeoIP2 schema or custom),
 * {@link #overlay(GeoIpService, GeoIpService)} (one service in front of another), {@link
 * #empty()}.
 */
public interface GeoIpService extends AutoCloseable {

  /**
   * Where the databases place {@code address}.
   *
   * @throws GeoIpException when the database is corrupt where the lookup led
   * @throws IllegalStateException after {@link #close()}
   */
  Optional<GeoIpLocation> locate(InetAddress address) throws GeoIpException;

  /**
   * The autonomous system the databases record for {@code address}.
   *
   * @throws GeoIpException when the database is corrupt where the lookup led
   * @throws IllegalStateException after {@link #close()}
   */
  Optional<AsnInfo> asn(InetAddress address) throws GeoIpException;

  /**
   * The anonymiser categories (VPN, public proxy, Tor exit, residential proxy, hosting) an
   * anonymous-IP database records for {@code address}; empty when the address is not listed
   * (no record, or a record with no flag set) or no such database is configured. The default answers empty, so implementations without
   * anonymous-IP data need not override it.
   *
   * @throws GeoIpException when the database is corrupt where the lookup led
   * @throws IllegalStateException after {@link #close()}
   */
  default Optional<AnonymousIpInfo> anonymousIp(InetAddress address) throws GeoIpException {
    Objects.requireNonNull(address, "address");
    return Optional.empty();
  }

  /** Releases the databases (closing an overlay closes both of its services). Idempotent. */
  @Override
  void close();

  /** A service that knows nothing: every lookup is empty. */
  static GeoIpService empty() {
    return EmptyGeoIpService.INSTANCE;
  }

  /**
   * A service that asks {@code overlay} first and {@code main} only when the overlay has no
   * answer. Precedence is per question: an overlay with only locations still lets {@code main}
   * answer {@link #asn(InetAddress)}. Typical use: your own networks (written with {@link
   * MmdbWriter}) in front of a commercial database.
   */
  static GeoIpService overlay(GeoIpService overlay, GeoIpService main) {
    return new OverlayGeoIpService(List.of(overlay, main));
  }
}
