package io.geofusion.graph;

import java.util.List;
import java.util.Map;

/**
 * A consistent picture of a graph's size and machinery at one sequence number.
 *
 * @param lastSeq the last assigned sequence number (0 for an empty, fresh graph)
 * @param oldestRetainedSeq the oldest event {@link EntityGraph#replay} can still return
 *     ({@code lastSeq + 1} when nothing is retained)
 * @param nodes node count
 * @param edges edge count
 * @param nodesByKind node counts by node kind name
 * @param edgesByKind edge counts by edge kind
 * @param locatedHosts hosts carrying a location
 * @param subscriptions per-subscription counters
 * @param snapshotsWritten snapshots written successfully by this graph
 * @param snapshotFailures snapshot attempts that failed (the previous snapshot stays valid)
 */
public record GraphStats(long lastSeq, long oldestRetainedSeq, long nodes, long edges,
    Map<String, Long> nodesByKind, Map<String, Long> edgesByKind, long locatedHosts,
    List<Subscription.Stats> subscriptions, long snapshotsWritten, long snapshotFailures) {

  public GraphStats {
    nodesByKind = Map.copyOf(nodesByKind);
    edgesByKind = Map.copyOf(edgesByKind);
    subscriptions = List.copyOf(subscriptions);
  }
}
