/**
 * Active probing: the {@link io.geofusion.probe.Prober} SPI, its requests and results, and
 * {@link io.geofusion.probe.Probers}, which picks a backend automatically (native Linux sockets
 * through JNA, TCP connect timing, scamper, the system's ping/traceroute) and says why each
 * passed-over backend cannot run. Results feed {@link io.geofusion.rtt.RttEnvelope} and
 * {@link io.geofusion.path.TracePath} directly. See docs/probing.md.
 */
package io.geofusion.probe;
