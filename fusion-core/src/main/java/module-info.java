/**
 * GeoFusion core: where a network host is, and how sure we can be.
 *
 * <p>Packages are layered (docs/architecture.md §3): each may use only those listed
 * before it here. Only API packages are exported; implementation lives in {@code internal}
 * sub-packages or is package-private.
 */
module io.geofusion.core {
  requires transitive com.fasterxml.jackson.databind;
  requires com.maxmind.geoip2;
  requires com.maxmind.db;
  requires org.locationtech.jts;
  requires java.net.http;

  // The root of the library's checked exceptions (docs/decisions/exception-root.md).
  exports io.geofusion;
  // In layer order (docs/architecture.md §3, plus text at the bottom: docs/decisions/text-layer.md,
  // and the serialisation layer json above graph: docs/decisions/serialisation-layer.md): each
  // package uses only those above it.
  exports io.geofusion.text;
  exports io.geofusion.geo;
  exports io.geofusion.rtt;
  exports io.geofusion.net;
  exports io.geofusion.path;
  exports io.geofusion.asn;
  exports io.geofusion.geoip;
  exports io.geofusion.fusion;
  exports io.geofusion.formats;
  exports io.geofusion.probe;
  exports io.geofusion.locate;
  exports io.geofusion.graph;
  exports io.geofusion.json;
  exports io.geofusion.guardrail;

  opens io.geofusion.json to com.fasterxml.jackson.databind;
}
