/**
 * GeoFusion map: the one-file HTML report of a run and the live page a server serves
 * (docs/map.md). The page's files are resources of this module under {@code
 * io/geofusion/map/site/}; another module reaches them through {@link io.geofusion.map.MapSite},
 * not by resource name, because they are encapsulated.
 */
module io.geofusion.map {
  requires transitive io.geofusion.core;
  requires transitive com.fasterxml.jackson.databind;

  exports io.geofusion.map;
}
