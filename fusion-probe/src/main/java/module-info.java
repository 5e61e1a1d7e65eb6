/**
 * GeoFusion live probing: the {@link io.geofusion.probe.Prober} backends (native Linux sockets
 * through JNA, TCP connect timing, scamper, the system's ping/traceroute) and
 * {@link io.geofusion.probe.backend.Probers}, which picks one. The probing API itself (requests,
 * results, the {@code Prober} interface) is in {@code io.geofusion.core}, which carries no JNA.
 */
module io.geofusion.probe {
  requires transitive io.geofusion.core;
  requires com.fasterxml.jackson.databind;
  requires com.sun.jna;
  requires java.net.http;

  exports io.geofusion.probe.backend;
  exports io.geofusion.probe.remote;

  // JNA binds Libc's native methods by reflection (direct mapping).
  opens io.geofusion.probe.internal to com.sun.jna;
}
