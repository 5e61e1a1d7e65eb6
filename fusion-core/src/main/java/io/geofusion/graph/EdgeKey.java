package io.geofusion.graph;

/**
 * Identity of an edge: at most one edge exists per (src, kind, dst).
 *
 * @param src source node id
 * @param kind edge kind, e.g. {@code INFERRED_HOST_IN_ORG}
 * @param dst destination node id
 */
public record EdgeKey(String src, String kind, String dst) {
  public EdgeKey {
    Ids.requireId("edge src", src);
    Ids.requireKind(kind);
    Ids.requireId("edge dst", dst);
  }

  @Override
  public String toString() {
    return src + " -[" + kind + "]-> " + dst;
  }
}
