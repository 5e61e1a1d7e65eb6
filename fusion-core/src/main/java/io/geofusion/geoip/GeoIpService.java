package io.geofusion.geoip;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Looks up where an IP address is registered or used, and which autonomous system announces it.
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
