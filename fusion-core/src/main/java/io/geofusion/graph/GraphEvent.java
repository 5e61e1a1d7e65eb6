package io.geofusion.graph;

import java.time.Instant;

/**
 * One mutation of the graph, numbered by a gap-free sequence (1, 2, 3, …) per graph. Upsert events
 * carry the full resulting state, so applying a stream of events to an empty graph reproduces it.
 */
public sealed interface GraphEvent
    permits GraphEvent.NodeUpserted, GraphEvent.EdgeUpserted, GraphEvent.NodeRemoved,
        GraphEvent.EdgeRemoved {

  /** The event's sequence number, ≥ 1. */
  long seq();

  /** When it happened (graph clock). */
  Instant at();

  /** The JSON {@code type} name, e.g. {@code node_upserted}. */
  String type();

  private static void check(long seq, Instant at) {
    if (seq < 1) {
      throw new IllegalArgumentException("event seq must be >= 1, got " + seq);
    }
    if (at == null) {
      throw new IllegalArgumentException("event time is required");
    }
  }

  /** A node was created or changed; {@code node} is its new state. */
  record NodeUpserted(long seq, Instant at, Node node) implements GraphEvent {
    public NodeUpserted {
      check(seq, at);
      if (node == null) {
        throw new IllegalArgumentException("node_upserted needs a node");
      }
    }

    @Override
    public String type() {
      return "node_upserted";
    }
  }

  /** An edge was created or changed; {@code edge} is its new state. */
  record EdgeUpserted(long seq, Instant at, Edge edge) implements GraphEvent {
    public EdgeUpserted {
      check(seq, at);
      if (edge == null) {
        throw new IllegalArgumentException("edge_upserted needs an edge");
      }
    }

    @Override
    public String type() {
      return "edge_upserted";
    }
  }

  /** A node was removed (its edges were removed by preceding {@link EdgeRemoved} events). */
  record NodeRemoved(long seq, Instant at, String nodeId) implements GraphEvent {
    public NodeRemoved {
      check(seq, at);
      Ids.requireId("node id", nodeId);
    }

    @Override
    public String type() {
      return "node_removed";
    }
  }

  /** An edge was removed. */
  record EdgeRemoved(long seq, Instant at, EdgeKey key) implements GraphEvent {
    public EdgeRemoved {
      check(seq, at);
      if (key == null) {
        throw new IllegalArgumentException("edge_removed needs an edge key");
      }
    }

    @Override
    public String type() {
      return "edge_removed";
    }
  }
}
