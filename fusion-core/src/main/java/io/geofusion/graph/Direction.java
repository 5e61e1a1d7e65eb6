package io.geofusion.graph;

/** Which edges of a node a neighbourhood query follows. */
public enum Direction {
  /** Edges leaving the node. */
  OUT,
  /** Edges entering the node. */
  IN,
  /** Both. */
  BOTH
}
