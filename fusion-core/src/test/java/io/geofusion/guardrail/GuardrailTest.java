package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeUpdate;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardrailTest {

  private final List<TrainingPair> pairs = new CopyOnWriteArrayList<>();

  private Guardrail.Builder builder() {
    return Guardrail.builder().trainingLog(TrainingLog.to(pairs::add));
  }

  @Test
  void process_aliasWithContext_healsSrcAndSynthesisesRuleId() {
    Guardrail g = builder().build();
    EdgeOutcome o = g.process(new EdgeCandidate(null, "FLOW_TO_HOST", "198.51.100.7", null, 0.9,
        "host:192.0.2.1", Map.of()));
    assertThat(o.accepted()).isTrue();
    GuardedEdge e = o.edge();
    assertThat(e.src()).isEqualTo("host:192.0.2.1");
    assertThat(e.dst()).isEqualTo("host:198.51.100.7");
    assertThat(e.kind()).isEqualTo("INFERRED_FLOW_IN_SERVICE");
    assertThat(e.method()).isEqualTo(Canonicalization.Method.ALIAS);
    assertThat(e.ruleId()).matches("synth-[0-9a-f]{8}");
    assertThat(e.healed()).containsExactly("src_from_context", "dst_prefixed",
        "rule_id_synthesised");
    assertThat(e.tier()).isEqualTo("high");
    assertThat(pairs).isEmpty();
    GuardrailStats s = g.stats();
    assertThat(s.get(GuardrailCounter.KIND_ALIASED)).isEqualTo(1);
    assertThat(s.get(GuardrailCounter.RECOVERED_HEAL)).isEqualTo(1);
    // Same input, same synthesised rule id.
    assertThat(g.process(new EdgeCandidate(null, "FLOW_TO_HOST", "198.51.100.7", null, 0.9,
        "host:192.0.2.1", Map.of())).edge().ruleId()).isEqualTo(e.ruleId());
  }

  @Test
  void process_observedKind_isDroppedAtStage1WithoutRepair() {
    AtomicInteger calls = new AtomicInteger();
    Guardrail g = builder().repairer(counting(calls, Optional.empty())).build();
    EdgeOutcome o = g.process(EdgeCandidate.of("host:a", "FLOW_OBSERVED_HOST", "host:b"));
    assertThat(o.accepted()).isFalse();
    assertThat(o.stage()).isEqualTo("canonicalise");
    assertThat(o.reason()).isEqualTo("observed_zone_kind");
    assertThat(calls.get()).isZero();
    assertThat(o.toRejectJson().get("detail").asText()).contains("may not write observations");
  }

  @Test
  void process_selfLoop_isClearedAtHeal() {
    Guardrail g = builder().build();
    EdgeOutcome o = g.process(new EdgeCandidate(null, "FLOW_TO_HOST", "host:a", "r", null,
        "host:a", Map.of()));
    assertThat(o.stage()).isEqualTo("heal");
    assertThat(o.reason()).isEqualTo("self_loop");
    assertThat(g.stats().get(GuardrailCounter.HEAL_SELF_LOOP)).isEqualTo(1);
  }

  @Test
  void process_unknownShortKind_repairedWithinEndpointTypesAndLogged() {
    Guardrail g = builder().build();
    EdgeCandidate in = new EdgeCandidate("host:a", "PORTHUB", "service:tcp/443", "r1", 0.9, "host:a",
        Map.of());
    EdgeOutcome o = g.process(in);
    assertThat(o.accepted()).isTrue();
    assertThat(o.edge().kind()).isEqualTo("INFERRED_HOST_OFFERS_SERVICE");
    assertThat(o.edge().repairAttempts()).isEqualTo(1);
    assertThat(o.edge().confidence()).isEqualTo(0.9 * 0.8, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(pairs).hasSize(1);
    TrainingPair p = pairs.get(0);
    assertThat(p.input()).isEqualTo(in.toJson());
    assertThat(p.output().get("kind").asText()).isEqualTo("INFERRED_HOST_OFFERS_SERVICE");
    assertThat(p.contextNodeId()).isEqualTo("host:a");
    assertThat(p.errorReason()).startsWith("unknown_kind: 'PORTHUB' is not a valid kind");
    assertThat(p.failure()).isNull();
  }

  @Test
  void process_failingRepairer_triesNTimesLogsEveryAttemptWithNullOutput() {
    AtomicInteger calls = new AtomicInteger();
    EdgeRepairer bad = new EdgeRepairer() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Optional<EdgeCandidate> repair(RepairRequest r) throws RepairException {
        calls.incrementAndGet();
        assertThat(r.attempt()).isEqualTo(calls.get());
        assertThat(r.previousFailures()).hasSize(calls.get() - 1);
        if (r.attempt() == 1) {
          throw new RepairException("timed out");
        }
        return Optional.of(r.edge().withKind("STILL_WRONG_KIND_XYZ"));
      }
    };
    Guardrail g = builder().repairer(bad).maxRepairAttempts(3).build();
    EdgeOutcome o = g.process(new EdgeCandidate("host:a", "QQQ_ZZZ", "host:b", "r", 0.5, "host:a",
        Map.of()));
    assertThat(o.accepted()).isFalse();
    assertThat(o.stage()).isEqualTo("validate");
    assertThat(o.reason()).isEqualTo("unknown_kind");
    assertThat(calls.get()).isEqualTo(3);
    assertThat(pairs).hasSize(3).allSatisfy(p -> {
      assertThat(p.output()).isNull();
      assertThat(p.toJson().get("output").isNull()).isTrue();
      assertThat(p.errorReason()).startsWith("unknown_kind");
    });
    assertThat(pairs.get(0).failure()).contains("timed out");
    assertThat(pairs.get(1).failure()).contains("proposal still invalid");
    assertThat(g.stats().get(GuardrailCounter.REPAIR_ATTEMPTS)).isEqualTo(3);
    assertThat(g.stats().get(GuardrailCounter.REPAIR_FAILED)).isEqualTo(1);
    assertThat(g.stats().droppedByReason()).containsEntry("unknown_kind", 1L);
  }

  @Test
  void process_repairerGivesUp_stopsAfterOneAttempt() {
    AtomicInteger calls = new AtomicInteger();
    Guardrail g = builder().repairer(counting(calls, Optional.empty())).build();
    g.process(EdgeCandidate.of("host:a", "QQQ", "host:b"));
    assertThat(calls.get()).isEqualTo(1);
    assertThat(pairs).singleElement().satisfies(p -> assertThat(p.failure()).contains("gave up"));
  }

  @Test
  void process_repairProposingObservedKind_isRejected() {
    Guardrail g = builder().repairer(new EdgeRepairer() {
      @Override
      public String name() {
        return "sneaky";
      }

      @Override
      public Optional<EdgeCandidate> repair(RepairRequest r) {
        return Optional.of(r.edge().withKind("FLOW_OBSERVED_HOST"));
      }
    }).maxRepairAttempts(1).build();
    EdgeOutcome o = g.process(EdgeCandidate.of("host:a", "QQQ", "host:b"));
    assertThat(o.accepted()).isFalse();
    assertThat(pairs.get(0).failure()).contains("observed_zone_kind");
  }

  @Test
  void process_nodeChecks_materialiseOrReject() {
    EntityGraph graph = EntityGraph.builder().build();
    graph.upsertNode(NodeUpdate.of("host:a"));
    Guardrail allow = builder().nodeExists(graph::containsNode).build();
    EdgeOutcome o = allow.process(EdgeCandidate.of("host:a", "HOST_IN_ASN", "asn:64500"));
    assertThat(o.edge().materialise()).containsExactly("asn:64500");
    EdgeOutcome noPrefix = allow.process(EdgeCandidate.of("host:a", "FLOW_TO_HOST", "mystery"));
    assertThat(noPrefix.accepted()).isFalse();
    assertThat(noPrefix.violations()).extracting(Violation::reason).contains("unknown_node");

    Guardrail deny = builder().nodeExists(graph::containsNode).materialiseNodes(false).build();
    EdgeOutcome d = deny.process(EdgeCandidate.of("host:a", "HOST_IN_ASN", "asn:64500"));
    assertThat(d.accepted()).isFalse();
    assertThat(d.violations().get(0).detail()).contains("materialisation is off");

    // The accepted edge goes into the graph with provenance attributes.
    EdgeUpdate u = o.edge().toEdgeUpdate();
    graph.upsertEdge(u);
    assertThat(graph.edge(u.key()).orElseThrow().attributes())
        .containsEntry("original_kind", "HOST_IN_ASN").containsEntry("kind_method", "alias");
  }

  @Test
  void processBatch_zeroValidEdges_runsRepairPassThenMarksExhausted() {
    AtomicInteger calls = new AtomicInteger();
    Guardrail g = builder().repairer(counting(calls, Optional.empty())).build();
    Guardrail.BatchOutcome empty = g.processBatch("host:a", "rule-7", List.of());
    assertThat(empty.exhausted()).isTrue();
    assertThat(calls.get()).as("repair pass for a rule that yielded nothing").isEqualTo(1);
    assertThat(pairs).singleElement().satisfies(p -> {
      assertThat(p.errorReason()).startsWith("rule_yielded_no_edges");
      assertThat(p.contextNodeId()).isEqualTo("host:a");
    });
    assertThat(g.ledger().entry("host:a", "rule-7")).get()
        .satisfies(e -> assertThat(e.edgesProposed()).isZero());

    Guardrail.BatchOutcome bad = g.processBatch("host:b", "rule-8", List.of(
        EdgeCandidate.of(null, "FLOW_OBSERVED_HOST", "host:c"),
        EdgeCandidate.of(null, "XQZ_PLORT", "host:c")));
    assertThat(bad.exhausted()).isTrue();
    assertThat(g.ledger().entry("host:b", "rule-8").orElseThrow().reason())
        .isEqualTo("observed_zone_kind×1, unknown_kind×1");
    assertThat(g.ledger().isExhausted("host:b")).isTrue();

    Guardrail.BatchOutcome ok = g.processBatch("host:c", "rule-9", List.of(
        EdgeCandidate.of(null, "FLOW_TO_HOST", "host:d")));
    assertThat(ok.exhausted()).isFalse();
    assertThat(ok.acceptedCount()).isEqualTo(1);
    assertThat(ok.outcomes().get(0).edge().ruleId()).isEqualTo("rule-9");
    assertThat(g.ledger().isExhausted("host:c")).isFalse();
    assertThat(g.stats().get(GuardrailCounter.RULES_EXHAUSTED)).isEqualTo(2);
  }

  @Test
  void trainingLog_jsonl_writesOneObjectPerLine() throws Exception {
    StringWriter w = new StringWriter();
    Guardrail g = Guardrail.builder().trainingLog(TrainingLog.jsonl(w)).build();
    g.process(EdgeCandidate.of("host:a", "QQQ", "host:b"));
    g.process(EdgeCandidate.of("host:a", "PORTHUB", "service:tcp/22"));
    String[] lines = w.toString().split("\n");
    assertThat(lines).hasSize(2);
    var m = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(m.readTree(lines[0]).get("output").isNull()).isTrue();
    assertThat(m.readTree(lines[1]).get("output").get("kind").asText())
        .isEqualTo("INFERRED_HOST_OFFERS_SERVICE");
    for (String l : lines) {
      assertThat(m.readTree(l).has("input")).isTrue();
      assertThat(m.readTree(l).has("context_node_id")).isTrue();
      assertThat(m.readTree(l).has("error_reason")).isTrue();
    }
  }

  @Test
  void process_manyThreads_countersAddUp() throws Exception {
    Guardrail g = builder().build();
    List<String> corpus = GuardrailCorpusTest.corpusLines();
    var m = new com.fasterxml.jackson.databind.ObjectMapper();
    List<EdgeCandidate> edges = new ArrayList<>();
    for (String l : corpus) {
      edges.add(EdgeCandidate.fromJson(m.readTree(l)));
    }
    int threads = 8;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ts.add(new Thread(() -> edges.forEach(g::process)));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join(60_000);
      assertThat(t.isAlive()).isFalse();
    }
    GuardrailStats s = g.stats();
    assertThat(s.get(GuardrailCounter.SEEN)).isEqualTo((long) threads * edges.size());
    assertThat(s.accepted() + s.dropped()).isEqualTo((long) threads * edges.size());
    Guardrail single = builder().build();
    edges.forEach(single::process);
    assertThat(s.accepted()).isEqualTo(threads * single.stats().accepted());
  }

  private static EdgeRepairer counting(AtomicInteger calls, Optional<EdgeCandidate> answer) {
    return new EdgeRepairer() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public Optional<EdgeCandidate> repair(RepairRequest r) {
        calls.incrementAndGet();
        return answer;
      }
    };
  }
}
