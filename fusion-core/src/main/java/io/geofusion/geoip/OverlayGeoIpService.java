package io.geofusion.geoip;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Services consulted in order; the first one with an answer wins, per question. Thread-safe
 * because its members are and the list is immutable.
 */
final class OverlayGeoIpService implements GeoIpService {

  private final List<GeoIpService> members;

  OverlayGeoIpService(List<GeoIpService> members) {
    for (GeoIpService m : members) {
      Objects.requireNonNull(m, "overlay member");
    }
    if (members.size() < 2) {
      throw new IllegalArgumentException("an overlay needs at least 2 services, got "
          + members.size());
    }
    this.members = List.copyOf(members);
  }

  @Override
  public Optional<GeoIpLocation> locate(InetAddress address) throws GeoIpException {
    return FirstAnswer.of(members, address, GeoIpService::locate);
  }

  @Override
  public Optional<AsnInfo> asn(InetAddress address) throws GeoIpException {
    return FirstAnswer.of(members, address, GeoIpService::asn);
  }

  @Override
  public Optional<AnonymousIpInfo> anonymousIp(InetAddress address) throws GeoIpException {
    return FirstAnswer.of(members, address, GeoIpService::anonymousIp);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (GeoIpService m : members) {
      try {
        m.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "overlay" + members;
  }
}
