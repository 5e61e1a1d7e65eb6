/**
 * The capture documents of {@code geofusion pcap}: the capture report, the per-host
 * {@code RECON_LATENCY_ANALYSIS} events and the GeoJSON circles of passive RTTs. This is the
 * serialisation layer of the capture module, as {@code io.geofusion.json} is of the core
 * (docs/decisions/serialisation-layer.md).
 */
package io.geofusion.pcap.json;
