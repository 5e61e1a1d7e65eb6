/**
 * The entity graph: nodes, edges, events, subscribers, replay and snapshots.
 */
package io.geofusion.graph;
