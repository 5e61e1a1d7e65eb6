/**
 * The product's JSON: writers (and readers) of the documents and NDJSON events GeoFusion
 * publishes, with the shapes of docs/schemas/. {@link io.geofusion.json.HostReportJson} writes
 * the host-location document of a {@link io.geofusion.locate.HostReport}.
 */
package io.geofusion.json;
