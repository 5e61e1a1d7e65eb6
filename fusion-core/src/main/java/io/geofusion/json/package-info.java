/**
 * The product's own JSON shapes (DESIGN §5): the {@code RECON_LATENCY_ANALYSIS} event, the
 * traceroute and ping result documents. Records here are plain values
 * that {@link io.geofusion.json.ProductJson} writes and reads back; field names are
 * {@code snake_case} with units in names, and the JSON Schemas live in {@code docs/schemas/}.
 */
package io.geofusion.json;
