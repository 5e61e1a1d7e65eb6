package io.geofusion.locate;

import io.geofusion.asn.AsnProfile;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostSignals;
import io.geofusion.geo.Geodesy;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.net.AddressClass;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One target located by {@link HostLocator}: the fused location together with the GeoIP and ASN
 * facts that went into it, so a caller can report both the estimate and what GeoIP claimed.
 *
 * <p>Not to be confused with {@link io.geofusion.fusion.HostLocation}, the location part of {@code result} (what the
 * entity graph stores for a host); this record is the library's whole answer for one target.
 *
 * @param target the target as given (an IP literal, or a name for {@link
 *     HostLocator#locateByName}); equal to {@code result.entity()}
 * @param result the fused location, circles, alerts and host class
 * @param vantages how many vantage observations were fused (0: GeoIP alone, or abstain)
 * @param addressClass the target's address class; empty when the target is a name
 * @param geoIpStatus whether GeoIP placed the target, and why not when it did not
 * @param geoIp the GeoIP answer used as evidence; present exactly when {@code geoIpStatus} is
 *     {@link GeoIpStatus#FOUND}
 * @param asn the autonomous system the ASN database records for the target, if any
 * @param asnProfile that AS's profile (type, route stretch) from the locator's {@code
 *     AsnProfiles}; present exactly when {@code asn} is
 * @param signals the host-classification signals the engine was given (ASN type, min RTT,
 *     jitter, anonymous-proxy listing)
 * @param anonymousIp what an anonymous-IP database records for the target (all its flags,
 *     including {@code hosting_provider}, which sets no signal); empty when the target is not
 *     listed, is a name, or no such database is configured. When it is {@linkplain
 *     AnonymousIpInfo#listedAsProxy() listed as a proxy}, {@code signals.anonymousProxy()} is
 *     true.
 */
public record HostReport(String target, FusionResult result, int vantages,
    Optional<AddressClass> addressClass, GeoIpStatus geoIpStatus,
    Optional<GeoIpLocation> geoIp, Optional<AsnInfo> asn, Optional<AsnProfile> asnProfile,
    HostSignals signals, Optional<AnonymousIpInfo> anonymousIp) {

  /** Whether GeoIP placed the target, and why not. */
  public enum GeoIpStatus {
    /** A database placed the address; {@link #geoIp()} is its answer. */
    FOUND,
    /** The locator has no GeoIP service (or only {@code GeoIpService.empty()}). */
    NO_DATABASE,
    /** A public address no database covers. */
    NOT_IN_DATABASE,
    /**
     * A private, shared, documentation, loopback or other non-public address (see {@link
     * AddressClass}) that no database covers: public databases have nothing to say about such
     * space; only an overlay of your own networks can place it.
     */
    NOT_PUBLIC,
    /** The target is a name ({@link HostLocator#locateByName}): names are never resolved. */
    NOT_AN_ADDRESS
  }

  /** How the GeoIP answer relates to the RTTs. */
  public enum GeoIpVerdict {
    /** No GeoIP answer. */
    NONE,
    /** GeoIP placed the target but no vantage measured it, so nothing could check GeoIP. */
    NOT_CHECKED,
    /** The RTTs allow GeoIP's position (no {@code location_inconsistency} alert). */
    AGREES,
    /**
     * The RTTs rule GeoIP's position out: the result carries a {@link
     * FusionAlert.Type#LOCATION_INCONSISTENCY} alert (typically a VPN exit or proxy).
     */
    CONTRADICTED
  }

  public HostReport {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(addressClass, "addressClass");
    Objects.requireNonNull(geoIpStatus, "geoIpStatus");
    Objects.requireNonNull(geoIp, "geoIp");
    Objects.requireNonNull(asn, "asn");
    Objects.requireNonNull(asnProfile, "asnProfile");
    Objects.requireNonNull(signals, "signals");
    Objects.requireNonNull(anonymousIp, "anonymousIp");
    if (!target.equals(result.entity())) {
      throw new IllegalArgumentException("target '" + target + "' differs from the result's entity '"
          + result.entity() + "'");
    }
    if (vantages < 0) {
      throw new IllegalArgumentException("vantage count must be >= 0, got " + vantages);
    }
    if (geoIp.isPresent() != (geoIpStatus == GeoIpStatus.FOUND)) {
      throw new IllegalArgumentException("a GeoIP answer must be present exactly when the status is"
          + " FOUND, got status " + geoIpStatus + " with" + (geoIp.isPresent() ? "" : "out")
          + " an answer");
    }
    if (addressClass.isEmpty() != (geoIpStatus == GeoIpStatus.NOT_AN_ADDRESS)) {
      throw new IllegalArgumentException("the address class must be absent exactly when the target"
          + " is a name (status NOT_AN_ADDRESS), got status " + geoIpStatus);
    }
    if (asn.isPresent() != asnProfile.isPresent()
        || (asn.isPresent() && asn.get().asn() != asnProfile.get().asn())) {
      throw new IllegalArgumentException("the ASN profile must be present exactly when the AS is,"
          + " and for the same AS number");
    }
    if (anonymousIp.isPresent() && anonymousIp.get().listedAsProxy() && !signals.anonymousProxy()) {
      throw new IllegalArgumentException("the anonymous-IP record lists the target as "
          + anonymousIp.get().flags() + " but the signals say it is not an anonymous proxy");
    }
  }

  /** A located host without anonymous-IP data (the form before anonymous-IP lookups existed). */
  public HostReport(String target, FusionResult result, int vantages,
      Optional<AddressClass> addressClass, GeoIpStatus geoIpStatus,
      Optional<GeoIpLocation> geoIp, Optional<AsnInfo> asn, Optional<AsnProfile> asnProfile,
      HostSignals signals) {
    this(target, result, vantages, addressClass, geoIpStatus, geoIp, asn, asnProfile, signals,
        Optional.empty());
  }

  /** The GeoIP answer compared with the RTTs, as the report states it. */
  public GeoIpVerdict geoIpVerdict() {
    if (geoIp.isEmpty()) {
      return GeoIpVerdict.NONE;
    }
    if (result.hasAlert(FusionAlert.Type.LOCATION_INCONSISTENCY)) {
      return GeoIpVerdict.CONTRADICTED;
    }
    return vantages == 0 ? GeoIpVerdict.NOT_CHECKED : GeoIpVerdict.AGREES;
  }

  /**
   * Great-circle distance (km, WGS84) from the estimate to GeoIP's position; empty when there is
   * no GeoIP answer or the engine abstained (no estimate).
   */
  public OptionalDouble geoIpDistanceKm() {
    if (geoIp.isEmpty() || !(result instanceof FusionResult.Located l)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Geodesy.distanceKm(l.estimate(), geoIp.get().position()));
  }

  /**
   * True when GeoIP names a city (not a country centroid) and its position lies inside the 90 %
   * circle, so "near that city" is a fair description of the estimate.
   */
  public boolean geoIpCityInCircle90() {
    if (geoIp.isEmpty() || geoIp.get().city() == null || geoIp.get().countryCentroid()
        || !(result instanceof FusionResult.Located l)) {
      return false;
    }
    return Geodesy.distanceKm(l.estimate(), geoIp.get().position()) <= l.circle90().radiusKm();
  }
}
