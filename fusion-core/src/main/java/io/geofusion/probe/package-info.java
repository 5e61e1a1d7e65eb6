/**
 * Active probing: the {@link io.geofusion.probe.Prober} SPI, its requests and results. The
 * backends (native Linux sockets through JNA, TCP connect timing, scamper, the system's
 * ping/traceroute) and {@code io.geofusion.probe.backend.Probers}, which picks one automatically
 * and says why each passed-over backend cannot run, live in the {@code fusion-probe} module. Results feed {@link io.geofusion.rtt.RttEnvelope} and
 * {@link io.geofusion.path.TracePath} directly. See docs/probing.md.
 */
package io.geofusion.probe;
