/**
 * The locate pipeline every front end calls: evidence from recorded, live or passive
 * measurements assembled per target ({@link io.geofusion.locate.EvidenceAssembler}), fused with
 * GeoIP, ASN and anonymous-IP facts by {@link io.geofusion.locate.HostLocator} into a
 * {@link io.geofusion.locate.HostReport}, the host-location document of
 * docs/schemas/host-location.schema.json.
 */
package io.geofusion.locate;
