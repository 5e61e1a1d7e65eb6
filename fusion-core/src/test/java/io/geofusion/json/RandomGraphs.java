package io.geofusion.json;

import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.LatLon;
import io.geofusion.graph.EdgeKey;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeUpdate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded graphs for the index tests: hosts (some located), ASNs, orgs, services and "other"
 * nodes, ids with non-ASCII characters (including ones whose UTF-8 and UTF-16 orders differ),
 * several edge kinds, self-loops, ASN → org edges for {@code hostsIn}, and isolated nodes.
 */
final class RandomGraphs {

  private RandomGraphs() {}

  /** The ids a graph of {@code hosts} hosts may hold (for queries, including absent ones). */
  static List<String> ids(int hosts) {
    List<String> ids = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      ids.add("host:10.0." + (h / 250) + "." + (h % 250));
    }
    for (int a = 0; a < 1 + hosts / 8; a++) {
      ids.add("asn:" + (64496 + a));
    }
    for (int o = 0; o < 1 + hosts / 30; o++) {
      ids.add("org:" + List.of("ex", "éx", "\uD83C\uDF0Dx", "\uFF21x", "zz").get(o % 5) + o);
    }
    for (int s = 0; s < 1 + hosts / 20; s++) {
      ids.add("service:tcp/" + (20 + s));
    }
    ids.add("widget:alone");
    ids.add("flow:never-added");
    return ids;
  }

  static EntityGraph graph(long seed, int hosts, int edges, Clock clock) {
    Random r = new Random(seed);
    EntityGraph g = EntityGraph.builder().clock(clock).retainEvents(0).build();
    List<String> ids = ids(hosts);
    for (int h = 0; h < hosts; h++) {
      if (r.nextInt(3) == 0) {
        LatLon c = LatLon.of(-60 + 120 * r.nextDouble(), -180 + 360 * r.nextDouble());
        g.upsertNode(NodeUpdate.host(ids.get(h), HostLocation.of(new LocationDistribution(
            List.of(MixtureComponent.centroid(c, 1.0)), 10 + 500 * r.nextDouble()),
            new ConfidenceCircle(c, 20 + 800 * r.nextDouble(), 0.9)),
            Map.of("rtt", r.nextDouble())));
      }
    }
    g.upsertNode(NodeUpdate.of("widget:alone"));
    // Attribute values whose JSON text needs escapes or is not ASCII (the snapshot's UTF-8
    // generator and toJson's character generator write some of them differently).
    List<String> odd = List.of("quote \" and back\\slash", "tab\tnew\nline\u0001",
        "caf\u00e9 \u2028 \uFFFD", "\uD83C\uDF0D earth", "plain");
    for (int i = 0; i < Math.min(hosts, 10); i++) {
      g.upsertNode(new NodeUpdate(ids.get(r.nextInt(hosts)), null,
          Map.of("note", odd.get(i % odd.size())), null, Map.of()));
    }
    List<String> kinds = List.of("INFERRED_HOST_IN_ORG", "FLOW_OBSERVED_HOST",
        "INFERRED_HOST_OFFERS_SERVICE", "ASN_IN_ORG", "Käse", "\uD83D\uDE00");
    int present = ids.size() - 1; // never flow:never-added
    for (int i = 0; i < edges; i++) {
      String src = ids.get(r.nextInt(present));
      String dst = r.nextInt(20) == 0 ? src : ids.get(r.nextInt(present));
      if (src.equals("widget:alone") || dst.equals("widget:alone")) {
        continue;
      }
      String kind = src.startsWith("asn:") && dst.startsWith("org:") ? "ASN_IN_ORG"
          : kinds.get(r.nextInt(kinds.size()));
      g.upsertEdge(new EdgeUpdate(new EdgeKey(src, kind, dst), r.nextDouble(),
          r.nextDouble() * 3, r.nextBoolean() ? Map.of() : Map.of("rule_id", "r" + r.nextInt(5))));
    }
    return g;
  }
}
