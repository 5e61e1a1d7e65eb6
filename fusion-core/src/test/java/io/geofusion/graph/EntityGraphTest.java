package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityGraphTest {

  private final TestClock clock = new TestClock();

  private EntityGraph graph() {
    return EntityGraph.builder().clock(clock).edgeHalfLife(Duration.ofHours(1)).build();
  }

  @Test
  void upsertEdge_missingEndpoints_createsNodesWithKindFromPrefixAndGapFreeSeq() {
    EntityGraph g = graph();
    g.upsertEdge(EdgeUpdate.of("host:192.0.2.1", "INFERRED_HOST_IN_ORG", "org:example"));
    assertThat(g.lastSeq()).isEqualTo(3);
    assertThat(g.node("host:192.0.2.1")).get().extracting(Node::kind).isEqualTo(NodeKind.HOST);
    assertThat(g.node("org:example")).get().extracting(Node::kind).isEqualTo(NodeKind.ORG);
    List<GraphEvent> events = new ArrayList<>();
    g.replay(1, events::add);
    assertThat(events).extracting(GraphEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(events).extracting(GraphEvent::type)
        .containsExactly("node_upserted", "node_upserted", "edge_upserted");
  }

  @Test
  void upsertEdge_again_keepsFirstSeenAdvancesLastSeenCountsObservationsMergesAttributes() {
    EntityGraph g = graph();
    EdgeKey k = new EdgeKey("host:a", "FLOWS_TO", "host:b");
    g.upsertEdge(new EdgeUpdate(k, 0.5, 2.0, Map.of("rule_id", "r1", "port", "443")));
    Instant t0 = clock.instant();
    clock.advance(Duration.ofMinutes(5));
    Edge e = g.upsertEdge(new EdgeUpdate(k, 0.9, 3.0, Map.of("rule_id", "r2")));
    assertThat(e.firstSeen()).isEqualTo(t0);
    assertThat(e.lastSeen()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
    assertThat(e.observations()).isEqualTo(2);
    assertThat(e.confidence()).isEqualTo(0.9);
    assertThat(e.attributes()).isEqualTo(Map.of("port", "443", "rule_id", "r2"));
    assertThat(g.edgeCount()).isEqualTo(1);
  }

  @Test
  void currentWeight_afterTwoHalfLives_isQuarter() {
    EntityGraph g = graph();
    Edge e = g.upsertEdge(new EdgeUpdate(new EdgeKey("host:a", "K", "host:b"), 1, 8.0, Map.of()));
    clock.advance(Duration.ofHours(2));
    assertThat(g.currentWeight(e)).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(e.weightAt(clock.instant(), null)).isEqualTo(8.0);
  }

  @Test
  void upsertNode_kindConflict_isRejectedWithBothKinds() {
    EntityGraph g = graph();
    g.upsertNode(new NodeUpdate("203.0.113.7", NodeKind.HOST, Map.of(), null, Map.of()));
    assertThatThrownBy(() -> g.upsertNode(new NodeUpdate("203.0.113.7", NodeKind.ASN, Map.of(),
        null, Map.of()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a host").hasMessageContaining("as a asn");
    assertThat(g.lastSeq()).isEqualTo(1);
  }

  @Test
  void upsertNode_hostLocation_replacesLocationAndMergesEvidence() {
    EntityGraph g = graph();
    g.upsertNode(NodeUpdate.host("host:a", HostLocation.point(LatLon.of(10, 10), 100),
        Map.of("rtt", 0.8)));
    Node n = g.upsertNode(new NodeUpdate("host:a", null, Map.of("asn", "64500"), null,
        Map.of("rf", 0.2)));
    assertThat(n.location().bestGuess()).isEqualTo(LatLon.of(10, 10));
    assertThat(n.evidence()).containsEntry("rtt", 0.8).containsEntry("rf", 0.2);
    assertThat(n.attributes()).containsEntry("asn", "64500");
  }

  @Test
  void upsertEdge_missingNodeWhenCreationDisabled_throwsNamingNode() {
    EntityGraph g = EntityGraph.builder().clock(clock).createMissingNodes(false).build();
    g.upsertNode(NodeUpdate.of("host:a"));
    assertThatThrownBy(() -> g.upsertEdge(EdgeUpdate.of("host:a", "K", "org:x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("org:x");
    assertThat(g.lastSeq()).isEqualTo(1);
  }

  @Test
  void removeNode_removesIncidentEdgesWithOneEventEach() {
    EntityGraph g = graph();
    g.upsertEdge(EdgeUpdate.of("host:a", "K", "host:b"));
    g.upsertEdge(EdgeUpdate.of("host:c", "K", "host:a"));
    long before = g.lastSeq();
    assertThat(g.removeNode("host:a")).isTrue();
    List<GraphEvent> ev = new ArrayList<>();
    g.replay(before + 1, ev::add);
    assertThat(ev).extracting(GraphEvent::type)
        .containsExactly("edge_removed", "edge_removed", "node_removed");
    assertThat(g.edgeCount()).isZero();
    assertThat(g.edges("host:b", null, Direction.BOTH)).isEmpty();
    assertThat(g.removeNode("host:a")).isFalse();
  }

  @Test
  void neighbours_byKindAndDirection_followOnlyMatchingEdges() {
    EntityGraph g = graph();
    g.upsertEdge(EdgeUpdate.of("host:a", "INFERRED_HOST_IN_ORG", "org:x"));
    g.upsertEdge(EdgeUpdate.of("host:a", "INFERRED_HOST_OFFERS_SERVICE", "service:tcp/443"));
    g.upsertEdge(EdgeUpdate.of("host:b", "INFERRED_FLOW_IN_SERVICE", "host:a"));
    assertThat(g.neighbours("host:a", "INFERRED_HOST_IN_ORG", Direction.OUT))
        .extracting(Node::id).containsExactly("org:x");
    assertThat(g.neighbours("host:a", null, Direction.IN)).extracting(Node::id)
        .containsExactly("host:b");
    assertThat(g.neighbours("host:a", null, Direction.BOTH)).extracting(Node::id)
        .containsExactly("host:b", "org:x", "service:tcp/443");
    assertThat(g.neighbours("host:zz", null, Direction.BOTH)).isEmpty();
  }

  @Test
  void hostsIn_orgThroughAsn_includesDirectAndOneLevelDown() {
    EntityGraph g = graph();
    g.upsertEdge(EdgeUpdate.of("host:a", "HOST_IN_ASN", "asn:64500"));
    g.upsertEdge(EdgeUpdate.of("asn:64500", "ASN_IN_ORG", "org:example"));
    g.upsertEdge(EdgeUpdate.of("host:b", "INFERRED_HOST_IN_ORG", "org:example"));
    g.upsertEdge(EdgeUpdate.of("service:x", "SERVICE_OF", "org:example"));
    assertThat(g.hostsIn("org:example")).extracting(Node::id).containsExactly("host:a", "host:b");
    assertThat(g.hostsIn("asn:64500")).extracting(Node::id).containsExactly("host:a");
    assertThat(g.hostsIn("org:none")).isEmpty();
  }

  @Test
  void hostsIntersecting_circleAndFallbackDisks_matchByGeometry() {
    EntityGraph g = graph();
    // Dallas with a 90 % circle of 300 km; São Paulo point with 500 km uncertainty, no circle.
    g.upsertNode(NodeUpdate.host("host:dallas", HostLocation.of(new LocationDistribution(
        List.of(MixtureComponent.centroid(LatLon.of(32.78, -96.80), 1.0)), 400),
        new ConfidenceCircle(LatLon.of(32.78, -96.80), 300, 0.9)), Map.of()));
    g.upsertNode(NodeUpdate.host("host:sp", HostLocation.point(LatLon.of(-23.55, -46.63), 500),
        Map.of()));
    g.upsertNode(NodeUpdate.of("host:unlocated"));
    // Austin is ~290 km from Dallas.
    assertThat(g.hostsIntersecting(new GeoRegion.Disk(LatLon.of(30.27, -97.74), 10)))
        .extracting(Node::id).containsExactly("host:dallas");
    assertThat(g.hostsIntersecting(new GeoRegion.Disk(LatLon.of(29.42, -98.49), 10))).isEmpty();
    assertThat(g.hostsIntersecting(new GeoRegion.Box(-35, -75, 5, -34)))
        .extracting(Node::id).containsExactly("host:sp");
    assertThat(g.hostsIntersecting(new GeoRegion.Box(-90, -180, 90, 180)))
        .extracting(Node::id).containsExactly("host:dallas", "host:sp");
  }

  @Test
  void replay_beforeOldestRetained_throwsNamingRange() {
    EntityGraph g = EntityGraph.builder().clock(clock).retainEvents(4).build();
    for (int i = 0; i < 10; i++) {
      g.upsertNode(NodeUpdate.of("host:" + i));
    }
    List<GraphEvent> ev = new ArrayList<>();
    assertThat(g.replay(7, ev::add)).isEqualTo(4);
    assertThat(ev).extracting(GraphEvent::seq).containsExactly(7L, 8L, 9L, 10L);
    assertThat(g.replay(11, ev::add)).isZero();
    assertThatThrownBy(() -> g.replay(6, e -> { }))
        .hasMessageContaining("retained events are 7..10");
    assertThat(g.stats().oldestRetainedSeq()).isEqualTo(7);
  }

  @Test
  void apply_eventsFromAnotherGraph_reproducesState() {
    EntityGraph a = graph();
    a.upsertEdge(EdgeUpdate.of("host:a", "K", "host:b"));
    clock.advance(Duration.ofSeconds(3));
    a.upsertEdge(new EdgeUpdate(new EdgeKey("host:a", "K", "host:b"), 0.3, 1, Map.of("x", "y")));
    a.upsertEdge(EdgeUpdate.of("host:b", "K", "host:c"));
    a.removeEdge(new EdgeKey("host:b", "K", "host:c"));
    EntityGraph b = EntityGraph.builder().clock(new TestClock(Instant.EPOCH)).build();
    a.replay(1, b::apply);
    assertThat(java.util.Set.copyOf(b.edges())).isEqualTo(java.util.Set.copyOf(a.edges()));
    assertThat(java.util.Set.copyOf(b.nodes())).isEqualTo(java.util.Set.copyOf(a.nodes()));
  }

  @Test
  void stats_countsByKind() {
    EntityGraph g = graph();
    g.upsertEdge(EdgeUpdate.of("host:a", "K1", "asn:1"));
    g.upsertEdge(EdgeUpdate.of("host:b", "K1", "asn:1"));
    g.upsertEdge(EdgeUpdate.of("host:b", "K2", "org:o"));
    GraphStats s = g.stats();
    assertThat(s.nodesByKind()).containsEntry("host", 2L).containsEntry("asn", 1L)
        .containsEntry("org", 1L);
    assertThat(s.edgesByKind()).containsEntry("K1", 2L).containsEntry("K2", 1L);
    assertThat(s.edges()).isEqualTo(3);
    assertThat(s.lastSeq()).isEqualTo(7);
  }

  @Test
  void records_rejectBadValuesWithNamedField() {
    assertThatThrownBy(() -> new EdgeUpdate(new EdgeKey("host:a", "K", "host:b"), 1.5, 1, Map.of()))
        .hasMessageContaining("confidence").hasMessageContaining("1.5");
    assertThatThrownBy(() -> new EdgeKey("host:a", "BAD KIND", "host:b"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> new EdgeKey(" ", "K", "host:b")).hasMessageContaining("edge src");
    assertThatThrownBy(() -> HostLocation.of(new LocationDistribution(List.of(
        MixtureComponent.centroid(LatLon.of(0, 0), 0.5)), 10), null))
        .hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> NodeUpdate.host("asn:1", HostLocation.point(LatLon.of(0, 0), 1),
        Map.of())).hasMessageContaining("has the prefix 'asn:'");
    assertThatThrownBy(() -> new NodeUpdate("asn:1", null, Map.of(),
        HostLocation.point(LatLon.of(0, 0), 1), Map.of())).hasMessageContaining("only host nodes");
    assertThatThrownBy(() -> GeoRegion.parse("circle:1,2")).hasMessageContaining("disk:LAT,LON");
  }
}
