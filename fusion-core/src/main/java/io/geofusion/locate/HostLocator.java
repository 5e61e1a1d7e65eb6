package io.geofusion.locate;

import io.geofusion.asn.AsnProfile;
import io.geofusion.asn.AsnProfiles;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.GeoIpEvidence;
import io.geofusion.fusion.HostSignals;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.net.AddressClass;
import io.geofusion.net.IpAddresses;
import io.geofusion.rtt.RttEnvelope;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Locates one host end to end: GeoIP, ASN and anonymous-IP lookup of its address, the
 * host-classification signals (ASN profile type, RTT floor, jitter, anonymous-proxy listing), then
 * {@link
 * FusionEngine#fuse} of the vantage observations with the GeoIP answer. This is what {@code
 * geofusion analyze} does per target; the result carries everything its report prints.
 *
 * <pre>{@code
 * try (GeoIpService geo = MaxMindGeoIpService.open(Path.of("GeoLite2-City.mmdb"),
 *     Path.of("GeoLite2-ASN.mmdb"))) {
 *   HostLocator locator = HostLocator.builder(FusionEngine.create())
 *       .geoIp(geo)
 *       .asnProfiles(AsnProfiles.bundled())
 *       .build();
 *   HostReport h = locator.locate("203.0.113.7", List.of(
 *       VantageObservation.of("fra", LatLon.of(50.11, 8.68), 4.2),
 *       VantageObservation.of("ams", LatLon.of(52.37, 4.90), 9.8)));
 *   if (h.result() instanceof FusionResult.Located l) {   // else: Abstained, no evidence
 *     System.out.println(l.estimate() + " ±" + l.circle90().radiusKm() + " km, GeoIP "
 *         + h.geoIpVerdict() + ", class " + l.hostClass().label());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Addresses only.</b> {@link #locate} takes an IP literal and never resolves names: a
 * host name is a one-line {@link IllegalArgumentException}. A target known only by name (e.g. a
 * recorded traceroute that kept no address) goes through {@link #locateByName}, which fuses the
 * RTTs without any lookup.
 *
 * <p><b>Non-public addresses</b> are looked up like any other: overlays of your own networks
 * (see {@code MmdbWriter}) legitimately place private, documentation or benchmarking space. When
 * no database answers, {@link HostReport#geoIpStatus()} says {@code NOT_PUBLIC} rather than
 * {@code NOT_IN_DATABASE}.
 *
 * <p><b>GeoIP evidence</b> is the database's position with its accuracy radius (MaxMind's 67 %
 * radius, after country-centroid widening, see {@link GeoIpLocation}) and the country-centroid
 * flag, unchanged ({@link GeoIpEvidence}); the ASN type fed to the classifier is the profile type
 * from {@link AsnProfiles#profile(long)} in lower case ({@code unknown} for an unlisted AS, empty
 * when no ASN database knows the address).
 *
 * <p><b>Anonymous-IP listing.</b> When the GeoIP service holds an anonymous-IP database (GeoIP2
 * Anonymous IP, see {@link GeoIpService#anonymousIp}), its record for the address sets the
 * anonymous-proxy signal exactly when {@link AnonymousIpInfo#listedAsProxy()} (anonymous VPN,
 * public proxy, Tor exit node or residential proxy); the default classifier then labels the host
 * {@code VPN_EXIT} (confidence 0.9), whose class prior keeps 0.1 of the GeoIP layer's weight. A
 * record with only {@code hosting_provider} (or only the umbrella {@code anonymous} flag) is
 * reported in {@link HostReport#anonymousIp()} but sets nothing: the classifier has no hosting
 * signal besides the ASN type. A listing given by the caller in {@link Facts#anonymousProxy()}
 * is kept either way (the two are or-ed).
 *
 * <p><b>Thread safety.</b> Immutable; safe to share across threads as long as the GeoIP service
 * is (every {@link GeoIpService} implementation is) — {@link FusionEngine} is thread-safe and a
 * call keeps no state. The locator does not own the GeoIP service: close it yourself.
 */
public final class HostLocator {

  private final FusionEngine engine;
  private final GeoIpService geoIp;
  private final AsnProfiles profiles;

  private HostLocator(Builder b) {
    this.engine = b.engine;
    this.geoIp = b.geoIp;
    this.profiles = b.profiles;
  }

  /** A builder fusing with {@code engine}, with no GeoIP service and the bundled ASN profiles. */
  public static Builder builder(FusionEngine engine) {
    return new Builder(engine);
  }

  /** The fusion engine. */
  public FusionEngine engine() {
    return engine;
  }

  /** The GeoIP service; empty when none was given (or only {@code GeoIpService.empty()}). */
  public Optional<GeoIpService> geoIp() {
    return Optional.ofNullable(geoIp);
  }

  /** The ASN profiles that give an AS its type. */
  public AsnProfiles asnProfiles() {
    return profiles;
  }

  /**
   * What is measured about a target besides the vantage observations, for host classification.
   *
   * @param minRttMs smallest RTT measured to the target, ms, or NaN when none
   * @param jitterMs jitter of the target's RTTs (mean absolute difference of consecutive
   *     samples, see {@link RttEnvelope#jitterMs()}), ms, or NaN when unknown
   * @param anonymousProxy whether the caller knows the address to be listed as a VPN/proxy/Tor
   *     exit (from any source); an anonymous-IP database in the locator's GeoIP service adds its
   *     own listing to this (the two are or-ed)
   */
  public record Facts(double minRttMs, double jitterMs, boolean anonymousProxy) {

    /** Nothing measured. */
    public static final Facts UNKNOWN = new Facts(Double.NaN, Double.NaN, false);

    public Facts {
      if (!(Double.isNaN(minRttMs) || (minRttMs >= 0.0 && !Double.isInfinite(minRttMs)))) {
        throw new IllegalArgumentException("min RTT must be NaN (unknown) or finite >= 0 ms, got "
            + minRttMs);
      }
      if (!(Double.isNaN(jitterMs) || (jitterMs >= 0.0 && !Double.isInfinite(jitterMs)))) {
        throw new IllegalArgumentException("jitter must be NaN (unknown) or finite >= 0 ms, got "
            + jitterMs);
      }
    }

    /** An RTT floor and jitter, not listed as a proxy. */
    public static Facts of(double minRttMs, double jitterMs) {
      return new Facts(minRttMs, jitterMs, false);
    }

    /**
     * The envelope's minimum and, with at least two replies, its jitter (NaN otherwise); not
     * listed as a proxy.
     */
    public static Facts of(RttEnvelope envelope) {
      Objects.requireNonNull(envelope, "RTT envelope must not be null");
      return of(envelope.minMs(), envelope.received() >= 2 ? envelope.jitterMs() : Double.NaN);
    }

    /** The smallest RTT of the observations (NaN when there are none), jitter unknown. */
    public static Facts fromVantages(List<VantageObservation> vantages) {
      if (vantages == null) {
        throw new IllegalArgumentException(
            "vantage observations must not be null (use List.of())");
      }
      double min = vantages.stream().mapToDouble(VantageObservation::minRttMs).min()
          .orElse(Double.NaN);
      return of(min, Double.NaN);
    }

    /** The same facts with the anonymous-proxy listing set to {@code listed}. */
    public Facts withAnonymousProxy(boolean listed) {
      return new Facts(minRttMs, jitterMs, listed);
    }
  }

  /**
   * What the databases say about one address, without fusing anything (e.g. for the hops of a
   * path).
   *
   * @param addressClass the address's class
   * @param status {@code FOUND}, {@code NO_DATABASE}, {@code NOT_IN_DATABASE} or {@code
   *     NOT_PUBLIC}
   * @param location where GeoIP places the address; present exactly when {@code status} is
   *     {@code FOUND}
   * @param asn the AS the ASN database records
   * @param asnProfile that AS's profile; present exactly when {@code asn} is
   * @param anonymousIp what an anonymous-IP database records for the address; empty when it is
   *     not listed or no such database is configured
   */
  public record Lookup(AddressClass addressClass, HostReport.GeoIpStatus status,
      Optional<GeoIpLocation> location, Optional<AsnInfo> asn, Optional<AsnProfile> asnProfile,
      Optional<AnonymousIpInfo> anonymousIp) {

    public Lookup {
      Objects.requireNonNull(addressClass, "addressClass");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(asn, "asn");
      Objects.requireNonNull(asnProfile, "asnProfile");
      Objects.requireNonNull(anonymousIp, "anonymousIp");
      if (status == HostReport.GeoIpStatus.NOT_AN_ADDRESS) {
        throw new IllegalArgumentException("a lookup is always of an address, not NOT_AN_ADDRESS");
      }
      if (location.isPresent() != (status == HostReport.GeoIpStatus.FOUND)) {
        throw new IllegalArgumentException("a location must be present exactly when the status is"
            + " FOUND, got " + status);
      }
      if (asn.isPresent() != asnProfile.isPresent()) {
        throw new IllegalArgumentException("the ASN profile must be present exactly when the AS is");
      }
    }

    /** A lookup without anonymous-IP data (the form before anonymous-IP lookups existed). */
    public Lookup(AddressClass addressClass, HostReport.GeoIpStatus status,
        Optional<GeoIpLocation> location, Optional<AsnInfo> asn, Optional<AsnProfile> asnProfile) {
      this(addressClass, status, location, asn, asnProfile, Optional.empty());
    }

    /** The AS's profile type in lower case ({@code "satellite"}), {@code ""} without an AS. */
    public String asnType() {
      return asnProfile.map(p -> p.type().name().toLowerCase(Locale.ROOT)).orElse("");
    }
  }

  /**
   * GeoIP location, AS (with its profile) and anonymous-IP listing of {@code address}.
   *
   * @param address an IPv4 or IPv6 literal (a zone id is ignored)
   * @throws IllegalArgumentException when {@code address} is null, blank or not an IP literal
   *     (e.g. a host name: names are never resolved)
   * @throws GeoIpException when a database is corrupt where the lookup led
   */
  public Lookup lookup(String address) throws GeoIpException {
    InetAddress ip = parse(address);
    AddressClass cls = AddressClass.of(ip);
    if (geoIp == null) {
      return new Lookup(cls, HostReport.GeoIpStatus.NO_DATABASE, Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty());
    }
    Optional<GeoIpLocation> loc = geoIp.locate(ip);
    Optional<AsnInfo> asn = geoIp.asn(ip);
    Optional<AnonymousIpInfo> anonymous = geoIp.anonymousIp(ip);
    HostReport.GeoIpStatus status = loc.isPresent() ? HostReport.GeoIpStatus.FOUND
        : cls.isPublic() ? HostReport.GeoIpStatus.NOT_IN_DATABASE
        : HostReport.GeoIpStatus.NOT_PUBLIC;
    return new Lookup(cls, status, loc, asn, asn.map(a -> profiles.profile(a.asn())),
        anonymous);
  }

  /**
   * Locates {@code address} from {@code vantages} and GeoIP, with the smallest observed RTT as
   * the RTT floor and unknown jitter ({@link Facts#fromVantages}).
   *
   * @see #locate(String, List, Facts)
   */
  public HostReport locate(String address, List<VantageObservation> vantages)
      throws GeoIpException {
    return locate(address, vantages, Facts.fromVantages(vantages));
  }

  /**
   * Locates {@code address}: looks it up ({@link #lookup}), fuses the vantage observations with
   * the GeoIP answer (if any) and classifies the host from the ASN type, the anonymous-IP listing
   * and {@code facts}.
   *
   * @param address the target's IPv4 or IPv6 literal; the result's entity keeps this text
   * @param vantages observations from placed vantages; may be empty (GeoIP alone, or abstain)
   * @param facts RTT floor, jitter and proxy listing for classification ({@link Facts#UNKNOWN}
   *     when nothing is known); an anonymous-IP database's listing is added to it
   * @throws IllegalArgumentException when {@code address} is null, blank or not an IP literal
   *     (e.g. a host name), or {@code vantages}/{@code facts} is null
   * @throws GeoIpException when a database is corrupt where the lookup led
   */
  public HostReport locate(String address, List<VantageObservation> vantages, Facts facts)
      throws GeoIpException {
    Lookup l = lookup(address);
    return fuse(address, vantages, facts, Optional.of(l.addressClass()), l.status(), l.location(),
        l.asn(), l.asnProfile(), l.anonymousIp());
  }

  /**
   * Locates the target of assembled evidence ({@link EvidenceAssembler}): an IP literal with
   * GeoIP, ASN and anonymous-IP lookup ({@link #locate(String, List, Facts)}), a name (a
   * recording that kept no address) from its RTTs alone ({@link #locateByName}); the facts are
   * the evidence's RTT floor and jitter ({@link TargetEvidence#facts()}).
   *
   * @throws GeoIpException when a database is corrupt where the lookup led
   */
  public HostReport locate(TargetEvidence evidence) throws GeoIpException {
    Objects.requireNonNull(evidence, "evidence");
    return IpAddresses.isLiteral(evidence.target())
        ? locate(evidence.target(), evidence.vantages(), evidence.facts())
        : locateByName(evidence.target(), evidence.vantages(), evidence.facts());
  }

  /**
   * Locates a target known only by name (e.g. a recorded traceroute whose destination kept no
   * address): fuses the RTTs alone, with no GeoIP or ASN lookup — the name is never resolved.
   * The result's status is {@code NOT_AN_ADDRESS}.
   *
   * @param name the target's name, used as the result's entity; not blank
   * @throws IllegalArgumentException when {@code name} is null or blank, or {@code
   *     vantages}/{@code facts} is null
   */
  public HostReport locateByName(String name, List<VantageObservation> vantages, Facts facts) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("target name must be non-blank, got "
          + (name == null ? "null" : "'" + name + "'"));
    }
    return fuse(name, vantages, facts, Optional.empty(), HostReport.GeoIpStatus.NOT_AN_ADDRESS,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private HostReport fuse(String target, List<VantageObservation> vantages, Facts facts,
      Optional<AddressClass> cls, HostReport.GeoIpStatus status, Optional<GeoIpLocation> loc,
      Optional<AsnInfo> asn, Optional<AsnProfile> profile, Optional<AnonymousIpInfo> anonymous) {
    if (vantages == null) {
      throw new IllegalArgumentException("vantage observations must not be null (use List.of())");
    }
    if (facts == null) {
      throw new IllegalArgumentException("facts must not be null (use HostLocator.Facts.UNKNOWN)");
    }
    String asnType = profile.map(p -> p.type().name().toLowerCase(Locale.ROOT)).orElse("");
    boolean listed = facts.anonymousProxy()
        || anonymous.map(AnonymousIpInfo::listedAsProxy).orElse(false);
    HostSignals signals = new HostSignals(asnType, facts.minRttMs(), facts.jitterMs(), listed);
    FusionInput.Builder in = FusionInput.builder(target).vantages(vantages).signals(signals);
    loc.ifPresent(g -> in.geoIp(new GeoIpEvidence(g.position(), g.accuracyRadiusKm(),
        g.countryCentroid())));
    FusionResult r = engine.fuse(in.build());
    return new HostReport(target, r, vantages.size(), cls, status, loc, asn, profile, signals,
        anonymous);
  }

  private static InetAddress parse(String address) {
    if (address == null) {
      throw new IllegalArgumentException("target address must not be null: pass an IP literal"
          + " such as 192.0.2.1 or 2001:db8::1");
    }
    if (address.isBlank()) {
      throw new IllegalArgumentException("target address is blank: pass an IP literal such as"
          + " 192.0.2.1 or 2001:db8::1");
    }
    try {
      return IpAddresses.parseIgnoringZone(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage()
          + " (HostLocator.locateByName fuses RTTs for a name without GeoIP)", e);
    }
  }

  /** Configures a {@link HostLocator}; not thread-safe. */
  public static final class Builder {
    private final FusionEngine engine;
    private GeoIpService geoIp;
    private AsnProfiles profiles = AsnProfiles.bundled();

    private Builder(FusionEngine engine) {
      this.engine = Objects.requireNonNull(engine, "fusion engine must not be null");
    }

    /**
     * The GeoIP (City, ASN and/or anonymous-IP) service to look targets up in; {@code null} or
     * {@code GeoIpService.empty()} means none (status {@code NO_DATABASE}). An anonymous-IP
     * database in it (e.g. {@code MaxMindGeoIpService.builder().anonymousIpDatabase(file)})
     * sets the anonymous-proxy listing.
     */
    public Builder geoIp(GeoIpService service) {
      this.geoIp = service == GeoIpService.empty() ? null : service;
      return this;
    }

    /** The ASN profiles that type an AS (default {@link AsnProfiles#bundled()}). */
    public Builder asnProfiles(AsnProfiles asnProfiles) {
      this.profiles = Objects.requireNonNull(asnProfiles,
          "ASN profiles must not be null (default: AsnProfiles.bundled())");
      return this;
    }

    public HostLocator build() {
      return new HostLocator(this);
    }
  }
}
