/**
 * The entity graph: nodes, edges, events, subscribers, replay and snapshots. Hosts carry a
 * {@link io.geofusion.fusion.HostLocation}; the JSON of nodes, edges, events and snapshot files is
 * written by {@code io.geofusion.json} through the {@link io.geofusion.graph.SnapshotFormat} port
 * (docs/decisions/serialisation-layer.md).
 */
package io.geofusion.graph;
