/**
 * Measurement and location history per address in an embedded DuckDB file: {@link
 * io.geofusion.history.HistoryStore} records what the locate pipeline measured and concluded,
 * answers "how did this address's RTTs and location move since T", applies retention, and seeds
 * a {@link io.geofusion.fusion.TemporalSmoother} after a restart (docs/history.md).
 */
package io.geofusion.history;
