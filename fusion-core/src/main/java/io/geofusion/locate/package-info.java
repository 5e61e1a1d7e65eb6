/**
 * The locate pipeline every front end calls: evidence from recorded, live or passive
 * measurements assembled per target ({@link io.geofusion.locate.EvidenceAssembler}), fused with
 * GeoIP, ASN and anonymous-IP facts by {@link io.geofusion.locate.HostLocator} into a
 * {@link io.geofusion.locate.HostReport}, the host-location document of
 * docs/schemas/host-location.schema.json.
 *
 * <p>Live, {@link io.geofusion.locate.Analysis} runs ping → traceroute → route stretch → fusion
 * for one target with every network wait bounded, and {@link io.geofusion.locate.LiveRun} runs
 * it (or a single {@link io.geofusion.locate.LivePing} or {@link io.geofusion.locate.LiveTrace})
 * for many targets at once, each within a bound. Backends are chosen by the caller's {@link
 * io.geofusion.locate.ProbeSelector}: nothing here names one. {@link
 * io.geofusion.json.PingDocuments} and {@link io.geofusion.json.TraceDocuments} turn pings
 * and traces, recorded or live, into the product's documents.
 */
package io.geofusion.locate;
