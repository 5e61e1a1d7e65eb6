/**
 * A GeoFusion user's module: it requires the published modules by name. Compiling it proves the
 * descriptors resolve without automatic modules named after jar files; ModulePathIT runs it.
 */
module io.geofusion.it.modulepath {
  requires io.geofusion.core;
  requires io.geofusion.eval;
  requires io.geofusion.history;
  requires io.geofusion.map;
  requires io.geofusion.pcap;
  requires io.geofusion.probe;

  exports io.geofusion.it.modulepath;
}
