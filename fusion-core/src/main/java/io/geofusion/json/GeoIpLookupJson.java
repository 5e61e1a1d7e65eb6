package io.geofusion.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * The GeoIP lookup document (docs/schemas/geoip-lookup.schema.json): what the configured
 * databases say about one address, as {@code geofusion geoip lookup --json} prints it and the
 * server's {@code GET /v1/geoip/{address}} returns it. Location fields appear only when a
 * City/Country database answered, ASN fields only when an ASN database answered,
 * {@code anonymous_ip} only when an anonymous-IP database was consulted.
 *
 * <p>Stateless and thread-safe; returns fresh mutable nodes owned by the caller.
 */
public final class GeoIpLookupJson {

  private GeoIpLookupJson() {}

  /**
   * The document of one address.
   *
   * @param address the address as given
   * @param location what a City/Country database said
   * @param asn what an ASN database said
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted
   * @param anonymous what it said (ignored when none was consulted)
   */
  public static ObjectNode document(String address, Optional<GeoIpLocation> location,
      Optional<AsnInfo> asn, boolean anonymousIpDatabase, Optional<AnonymousIpInfo> anonymous) {
    Objects.requireNonNull(address, "address");
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("address", address);
    location.ifPresent(l -> {
      m.put("lat", l.position().lat());
      m.put("lon", l.position().lon());
      m.put("accuracy_radius_km", l.accuracyRadiusKm());
      m.put("country_centroid", l.countryCentroid());
      m.put("country_iso_code", l.countryIsoCode());
      m.put("city", l.city());
      m.put("source", l.source());
    });
    asn.ifPresent(x -> {
      m.put("asn", x.asn());
      m.put("as_organization", x.organization());
    });
    if (anonymousIpDatabase) {
      m.set("anonymous_ip", HostReportJson.anonymousIp(anonymous));
    }
    return m;
  }
}
