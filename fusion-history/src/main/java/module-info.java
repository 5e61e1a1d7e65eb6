/**
 * GeoFusion history: every measurement and location result per address with its time, in an
 * embedded DuckDB file (docs/history.md).
 */
module io.geofusion.history {
  requires transitive io.geofusion.core;
  requires transitive java.sql;
  requires duckdb.jdbc;

  exports io.geofusion.history;
  exports io.geofusion.history.json;
}
