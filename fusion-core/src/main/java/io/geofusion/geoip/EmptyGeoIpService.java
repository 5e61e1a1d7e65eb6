package io.geofusion.geoip;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** The service that knows nothing; stateless, so one instance serves everyone. */
final class EmptyGeoIpService implements GeoIpService {

  static final EmptyGeoIpService INSTANCE = new EmptyGeoIpService();

  private EmptyGeoIpService() {}

  @Override
  public Optional<GeoIpLocation> locate(InetAddress address) {
    Objects.requireNonNull(address, "address");
    return Optional.empty();
  }

  @Override
  public Optional<AsnInfo> asn(InetAddress address) {
    Objects.requireNonNull(address, "address");
    return Optional.empty();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "GeoIpService.empty()";
  }
}
