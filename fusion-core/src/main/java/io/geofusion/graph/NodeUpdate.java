package io.geofusion.graph;

import io.geofusion.fusion.HostLocation;
import java.util.Map;

/**
 * What a writer says about a node. Upserting merges it into the stored node: attributes and
 * evidence are merged key by key (new values win), a non-null location replaces the old one, the
 * kind must match the stored one, and {@code last_seen} becomes the graph clock's now.
 *
 * @param id the node id
 * @param kind the node kind; {@code null} means "implied by the id's prefix"
 * @param attributes attributes to set (may be empty)
 * @param location a host location to set, or {@code null} to keep the stored one
 * @param evidence evidence scores to set, each in [0, 1]
 */
public record NodeUpdate(String id, NodeKind kind, Map<String, String> attributes,
    HostLocation location, Map<String, Double> evidence) {

  public NodeUpdate {
    Ids.requireId("node id", id);
    kind = kind == null ? NodeKind.ofId(id) : kind;
    Ids.requirePrefixMatches(id, kind);
    attributes = Ids.attributes(attributes);
    evidence = Ids.evidence(evidence);
    if (location != null && kind != NodeKind.HOST) {
      throw new IllegalArgumentException("only host nodes carry a location, " + id + " is a "
          + kind.prefix());
    }
  }

  /** A bare node of the kind implied by its id. */
  public static NodeUpdate of(String id) {
    return new NodeUpdate(id, null, Map.of(), null, Map.of());
  }

  /** A host with a location and evidence scores. */
  public static NodeUpdate host(String id, HostLocation location, Map<String, Double> evidence) {
    return new NodeUpdate(id, NodeKind.HOST, Map.of(), location, evidence);
  }
}
