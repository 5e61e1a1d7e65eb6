/**
 * The serialisation layer: every JSON, NDJSON and GeoJSON document GeoFusion writes, the readers
 * of its own documents, and the one configured Jackson mapper ({@link
 * io.geofusion.json.ProductJson}). Domain packages hold no Jackson code; their records are the
 * model and this package maps them to the wire (docs/decisions/serialisation-layer.md).
 *
 * <ul>
 *   <li>{@link io.geofusion.json.ProductJson} and the document records it binds: the
 *       {@code RECON_LATENCY_ANALYSIS} event, ping results, traceroutes;
 *   <li>{@link io.geofusion.json.HostReportJson}: the host-location document of a
 *       {@link io.geofusion.locate.HostReport} and its {@code HOST_LOCATION} event;
 *       {@link io.geofusion.json.PingDocuments} and {@link io.geofusion.json.TraceDocuments}:
 *       ping and traceroute documents, recorded or live;
 *   <li>{@link io.geofusion.json.FusionJson}: the document of a fusion result and its GeoJSON; {@link io.geofusion.json.GeoPathJson} and
 *       {@link io.geofusion.json.GeoPathGeoJson} for paths;
 *   <li>{@link io.geofusion.json.GraphJson}: graph node, edge and event lines, and
 *       {@link io.geofusion.json.GraphSnapshots#FORMAT}, the snapshot format;
 *   <li>{@link io.geofusion.json.GeoJson}: RFC 7946 geometries, features and collections, the
 *       one writer of a FeatureCollection; {@link io.geofusion.json.GeoJsonCollection} and
 *       {@link io.geofusion.json.HostsGeoJson} build on it.
 * </ul>
 *
 * <p>Field names are {@code snake_case} with units in names; the JSON Schemas live in
 * {@code docs/schemas/}. A host's location is written and read by one piece of code, so fusion
 * documents, graph node lines and snapshots share its names. All classes are stateless and
 * thread-safe unless their javadoc says otherwise.
 */
package io.geofusion.json;
