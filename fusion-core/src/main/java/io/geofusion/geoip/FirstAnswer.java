package io.geofusion.geoip;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The precedence rule shared by {@link MaxMindGeoIpService} (its databases) and {@link
 * OverlayGeoIpService} (its services): ask each member in order, per question, and keep the first
 * answer.
 */
final class FirstAnswer {

  private FirstAnswer() {}

  /** One kind of question ({@code locate}, {@code asn}, {@code anonymousIp}) asked of a member. */
  interface Question<M, T> {
    Optional<T> ask(M member, InetAddress address) throws GeoIpException;
  }

  /** The first member's answer to {@code question} about {@code address}; empty if none. */
  static <M, T> Optional<T> of(List<M> members, InetAddress address, Question<M, T> question)
      throws GeoIpException {
    Objects.requireNonNull(address, "address");
    for (M m : members) {
      Optional<T> hit = question.ask(m, address);
      if (hit.isPresent()) {
        return hit;
      }
    }
    return Optional.empty();
  }
}
