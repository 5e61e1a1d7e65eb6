package io.geofusion.geoip;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an anonymous-IP database (MaxMind GeoIP2 Anonymous IP, or GeoIP Anonymous Plus) records
 * for an address: the anonymiser categories its network belongs to. Field meanings follow
 * MaxMind's GeoIP2 Anonymous IP documentation; a network absent from the database is not an
 * {@code AnonymousIpInfo} but {@link java.util.Optional#empty()}.
 *
 * <p>Only {@link #listedAsProxy()} changes how GeoFusion reads a location (the host becomes a
 * VPN/proxy exit, whose GeoIP position says nothing about where its users are); {@link
 * #hostingProvider()} is recorded but is not a proxy listing — a hosting network is a data
 * centre, and GeoIP places data centres well.
 *
 * @param anonymous MaxMind's umbrella flag ({@code is_anonymous}): the network belongs to some
 *     anonymiser category, normally together with one of the specific flags
 * @param anonymousVpn {@code is_anonymous_vpn}: registered to an anonymous VPN provider
 * @param hostingProvider {@code is_hosting_provider}: a hosting or VPN provider's network
 * @param publicProxy {@code is_public_proxy}: a public proxy
 * @param residentialProxy {@code is_residential_proxy}: a suspected anonymising network on a
 *     residential ISP
 * @param torExitNode {@code is_tor_exit_node}: a Tor exit node
 * @param network the database network that matched the address
 * @param source which database answered: its type and file name
 * @param anonymizerConfidence Anonymous Plus only ({@code anonymizer_confidence}): MaxMind's
 *     confidence, 1–99, that the network is an active anonymiser; empty when not recorded
 * @param networkLastSeen Anonymous Plus only ({@code network_last_seen}): the last day MaxMind saw
 *     the network used as an anonymiser
 * @param providerName Anonymous Plus only ({@code provider_name}): the anonymiser's name, e.g. a
 *     VPN brand
 */
public record AnonymousIpInfo(boolean anonymous, boolean anonymousVpn, boolean hostingProvider,
    boolean publicProxy, boolean residentialProxy, boolean torExitNode, IpNetwork network,
    String source, OptionalInt anonymizerConfidence, Optional<LocalDate> networkLastSeen,
    Optional<String> providerName) {

  /** The JSON names of the flags, in component order. */
  private static final List<String> FLAG_NAMES = List.of("anonymous", "anonymous_vpn",
      "hosting_provider", "public_proxy", "residential_proxy", "tor_exit_node");

  public AnonymousIpInfo {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(anonymizerConfidence, "anonymizerConfidence");
    Objects.requireNonNull(networkLastSeen, "networkLastSeen");
    Objects.requireNonNull(providerName, "providerName");
    if (anonymizerConfidence.isPresent() && (anonymizerConfidence.getAsInt() < 1
        || anonymizerConfidence.getAsInt() > 99)) {
      throw new IllegalArgumentException("anonymizer confidence must be in [1, 99], got "
          + anonymizerConfidence.getAsInt());
    }
  }

  /** A GeoIP2 Anonymous IP record: the flags only, no Anonymous Plus details. */
  public AnonymousIpInfo(boolean anonymous, boolean anonymousVpn, boolean hostingProvider,
      boolean publicProxy, boolean residentialProxy, boolean torExitNode, IpNetwork network,
      String source) {
    this(anonymous, anonymousVpn, hostingProvider, publicProxy, residentialProxy, torExitNode,
        network, source, OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * True when the address is an anonymising exit: an anonymous VPN, a public proxy, a Tor exit
   * node or a residential proxy. The umbrella {@code anonymous} flag alone and {@code
   * hosting_provider} alone do not count.
   */
  public boolean listedAsProxy() {
    return anonymousVpn || publicProxy || torExitNode || residentialProxy;
  }

  /** True when no flag at all is set (a record that says nothing; lookups treat it as a miss). */
  boolean noFlagSet() {
    return !(anonymous || anonymousVpn || hostingProvider || publicProxy || residentialProxy
        || torExitNode);
  }

  /**
   * The flags that are set, as their JSON names in this order: {@code anonymous}, {@code
   * anonymous_vpn}, {@code hosting_provider}, {@code public_proxy}, {@code residential_proxy},
   * {@code tor_exit_node} (MaxMind's field names without the {@code is_} prefix).
   */
  public List<String> flags() {
    boolean[] set = {anonymous, anonymousVpn, hostingProvider, publicProxy, residentialProxy,
        torExitNode};
    List<String> out = new ArrayList<>(set.length);
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        out.add(FLAG_NAMES.get(i));
      }
    }
    return List.copyOf(out);
  }
}
