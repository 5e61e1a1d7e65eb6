package io.geofusion.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * What the GeoIP databases say about one address, as the lookup document of
 * docs/schemas/geoip-lookup.schema.json ({@code geofusion geoip lookup --json} gathers them in
 * {@code {"results": [...]}}, {@code --ndjson} prints one {@code GEOIP_LOOKUP} event per line, and
 * the server's {@code GET /v1/geoip/{address}} returns one).
 * Location fields appear only when a City/Country database answered, ASN fields only when an ASN
 * database answered, {@code anonymous_ip} only when an anonymous-IP database was consulted.
 * Stateless.
 */
public final class GeoIpLookupJson {

  /** The event type of {@link #event}. */
  public static final String GEOIP_LOOKUP = "GEOIP_LOOKUP";

  private GeoIpLookupJson() {}

  /**
   * The lookup document of one address.
   *
   * @param address as the user gave it
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted (then the document
   *     has {@code anonymous_ip} also when the address is not listed)
   */
  public static ObjectNode document(String address, Optional<GeoIpLocation> location,
      Optional<AsnInfo> asn, Optional<AnonymousIpInfo> anonymousIp,
      boolean anonymousIpDatabase) {
    Objects.requireNonNull(address, "address");
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("address", address);
    location.ifPresent(l -> m.put("lat", l.position().lat()).put("lon", l.position().lon())
        .put("accuracy_radius_km", l.accuracyRadiusKm())
        .put("country_centroid", l.countryCentroid())
        .put("country_iso_code", l.countryIsoCode()).put("city", l.city())
        .put("source", l.source()));
    asn.ifPresent(x -> m.put("asn", x.asn()).put("as_organization", x.organization()));
    if (anonymousIpDatabase) {
      m.set("anonymous_ip", HostReportJson.anonymousIp(anonymousIp));
    }
    return m;
  }

  /** The {@code GEOIP_LOOKUP} event: {@code "type"} first, then the {@link #document}. */
  public static ObjectNode event(ObjectNode document) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", GEOIP_LOOKUP);
    e.setAll(document);
    return e;
  }
}
