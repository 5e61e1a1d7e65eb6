package io.geofusion.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.TemporalSmoother;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.locate.HostReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a {@link HostReport} as the host-location document of
 * docs/schemas/host-location.schema.json: the fusion result ({@link FusionJson#toJson}) plus
 * {@code geoip} (when GeoIP placed the target), {@code asn} (when an ASN database knows it) and
 * {@code anonymous_ip}; and as the {@code HOST_LOCATION} NDJSON event (the same fields after
 * {@code "type": "HOST_LOCATION"}).
 *
 * <p>{@code anonymous_ip} is written when the target is listed, and also when it is not but an
 * anonymous-IP database was consulted ({@code anonymousIpDatabase}), so "not listed" can be told
 * from "not looked up".
 *
 * <p>Stateless and thread-safe.
 */
public final class HostReportJson {

  /** The event type of {@link #event}. */
  public static final String HOST_LOCATION = "HOST_LOCATION";

  private HostReportJson() {}

  /**
   * The host-location document of {@code report}.
   *
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted: then the document
   *     has {@code anonymous_ip} also when the target is not listed
   */
  public static ObjectNode document(HostReport report, boolean anonymousIpDatabase) {
    Objects.requireNonNull(report, "report");
    ObjectNode doc = FusionJson.toJson(report.result());
    report.geoIp().ifPresent(l -> {
      ObjectNode g = doc.putObject("geoip");
      g.put("lat", l.position().lat()).put("lon", l.position().lon())
          .put("accuracy_radius_km", l.accuracyRadiusKm())
          .put("country_centroid", l.countryCentroid())
          .put("country_iso_code", l.countryIsoCode()).put("city", l.city())
          .put("source", l.source());
    });
    report.asn().ifPresent(a -> doc.putObject("asn").put("number", a.asn())
        .put("organization", a.organization()).put("type", report.signals().asnType()));
    if (anonymousIpDatabase || report.anonymousIp().isPresent()) {
      doc.set("anonymous_ip", anonymousIp(report.anonymousIp()));
    }
    return doc;
  }

  /**
   * The host-location document of an entity's temporally smoothed state
   * ({@link TemporalSmoother}): a copy of {@code latest} (the document of the entity's latest
   * located result) whose {@code estimate} and {@code location_distribution} are the smoothed
   * ones, with a {@code smoothing} object: {@code alpha} (the weight of the latest result,
   * 1 for the first) and {@code tau_s} (the time constant). A smoothed mixture has no confidence
   * circle of its own, so {@code location_distribution} has no {@code circle}; {@code
   * confidence_circles}, {@code alerts} and the rest stay those of the latest result. Valid against docs/schemas/host-location.schema.json.
   *
   * @param latest the latest document of the entity (not modified)
   * @param smoothed its smoothed state
   * @param tauSeconds the smoother's time constant, s
   * @return a fresh document
   */
  public static ObjectNode smoothed(ObjectNode latest, TemporalSmoother.Smoothed smoothed,
      double tauSeconds) {
    Objects.requireNonNull(smoothed, "smoothed");
    ObjectNode doc = latest.deepCopy();
    ObjectNode fresh = ProductJson.tree(g -> {
      g.writeStartObject();
      LocationJson.writeDistribution(g, smoothed.distribution(), null,
          LocationJson.Precision.ROUNDED);
      g.writeEndObject();
    });
    ObjectNode est = doc.putObject("estimate");
    est.put("lat", Checks.round(smoothed.estimate().lat(), 5));
    est.put("lon", Checks.round(smoothed.estimate().lon(), 5));
    doc.set("location_distribution", fresh.get("location_distribution"));
    doc.putObject("smoothing").put("alpha", Checks.round(smoothed.alpha(), 4))
        .put("tau_s", tauSeconds);
    return doc;
  }

  /** The {@code HOST_LOCATION} event: {@code "type"} first, then the {@link #document}. */
  public static ObjectNode event(HostReport report, boolean anonymousIpDatabase) {
    return event(document(report, anonymousIpDatabase));
  }

  /** The {@code HOST_LOCATION} event of a document (e.g. one a front end added fields to). */
  public static ObjectNode event(ObjectNode document) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", HOST_LOCATION);
    e.setAll(document);
    return e;
  }

  /** The {@link #event} as one line of NDJSON (no line terminator). */
  public static String eventLine(HostReport report, boolean anonymousIpDatabase) {
    return compact(event(report, anonymousIpDatabase));
  }

  /**
   * The documents of a run as one pretty-printed JSON object {@code {"results": [...]}} (no
   * trailing line terminator).
   */
  public static String results(List<? extends JsonNode> documents) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode a = root.putArray("results");
    documents.forEach(a::add);
    return ProductJson.toPrettyJson(root);
  }

  /**
   * The {@code anonymous_ip} object: {@code listed_as_proxy} (anonymous VPN, public proxy, Tor
   * exit or residential proxy), the {@code flags} set, and for a record its {@code network} and
   * {@code source}, and what an Anonymous Plus database adds when it records it ({@code
   * anonymizer_confidence}, {@code network_last_seen}, {@code provider_name}); an address the
   * database does not list has {@code listed_as_proxy: false} and no flags. The same object is
   * the {@code anonymous_ip} of docs/schemas/geoip-lookup.schema.json.
   */
  public static ObjectNode anonymousIp(Optional<AnonymousIpInfo> info) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("listed_as_proxy", info.map(AnonymousIpInfo::listedAsProxy).orElse(false));
    ArrayNode flags = n.putArray("flags");
    info.ifPresent(a -> {
      a.flags().forEach(flags::add);
      n.put("network", a.network().toString()).put("source", a.source());
      a.anonymizerConfidence().ifPresent(c -> n.put("anonymizer_confidence", c));
      a.networkLastSeen().ifPresent(d -> n.put("network_last_seen", d.toString()));
      a.providerName().ifPresent(p -> n.put("provider_name", p));
    });
    return n;
  }

  private static String compact(JsonNode node) {
    return ProductJson.toJson(node);
  }
}
