/**
 * Traceroute paths: hops, per-hop envelopes, hop anomaly detection and the clean-path distance gradient.
 */
package io.geofusion.path;
