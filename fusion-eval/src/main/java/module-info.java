/**
 * GeoFusion evaluation: scoring the fusion engine against ground truth (the NDJSON target
 * format, the WonderNetwork and latency-matrix converters, classic baselines, experiments and
 * the report). Kept out of {@code io.geofusion.core} so that the library's API is the model and
 * the engine, not the harness.
 */
module io.geofusion.eval {
  requires transitive io.geofusion.core;
  requires transitive com.fasterxml.jackson.databind;

  exports io.geofusion.fusion.eval;
}
