package io.geofusion.guardrail;

import io.geofusion.graph.NodeKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The three-stage inference guardrail of docs/architecture.md §7 (docs/guardrail.md).
 *
 * <ol>
 *   <li><b>Canonicalise</b> the kind ({@link KindCanonicalizer}); observed-zone kinds are dropped
 *       here, because inference may not write observations.</li>
 *   <li><b>Heal</b> structure: missing {@code src} ← the context node; bare IP addresses and
 *       {@code AS123} ids get their {@code host:}/{@code asn:} prefix; self-loops are cleared
 *       (dropped); a missing {@code rule_id} is synthesised as {@code synth-} + CRC-32 of
 *       (context, src, kind, dst); endpoints missing from the graph are marked for
 *       materialisation when allowed and their id has a kind prefix.</li>
 *   <li><b>Validate</b>, and on failure ask the {@link EdgeRepairer} up to N times (default 2),
 *       re-running stages 1–3 on each proposal. Every attempt appends a {@link TrainingPair}.</li>
 * </ol>
 *
 * <p>An accepted edge's confidence is the proposal's (0.5 when absent), times the similarity score
 * when its kind was matched by similarity, times 0.8 when a repair was needed; its tier is high
 * (≥ 0.8), medium (≥ 0.5) or low.
 *
 * <p>{@link #processBatch} handles one firing of a rule for one context node: if it yields no
 * valid edge — including when it proposed none — the repair pass runs, and if that yields nothing
 * the (node, rule) pair is recorded in the {@link ExhaustionLedger}.
 *
 * <p>Immutable configuration, thread-safe counters: one instance may serve many threads.
 */
public final class Guardrail {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*");
  private static final Pattern ASN = Pattern.compile("(?i)AS(\\d{1,10})");

  private final EdgeKindRegistry registry;
  private final KindCanonicalizer canonicalizer;
  private final EdgeRepairer repairer;
  private final int maxRepairAttempts;
  private final TrainingLog trainingLog;
  private final ExhaustionLedger ledger;
  private final Predicate<String> nodeExists;
  private final boolean materialiseNodes;
  private final Clock clock;

  private final EnumMap<GuardrailCounter, LongAdder> counters = new EnumMap<>(GuardrailCounter.class);
  private final ConcurrentHashMap<String, LongAdder> droppedByReason = new ConcurrentHashMap<>();

  private Guardrail(Builder b) {
    this.registry = b.registry;
    this.canonicalizer = new KindCanonicalizer(b.registry, b.embedder,
        b.threshold > 0 ? b.threshold : b.registry.similarityThreshold());
    this.repairer = b.repairer;
    this.maxRepairAttempts = b.maxRepairAttempts;
    this.trainingLog = b.trainingLog;
    this.ledger = b.ledger;
    this.nodeExists = b.nodeExists;
    this.materialiseNodes = b.materialiseNodes;
    this.clock = b.clock;
    for (GuardrailCounter c : GuardrailCounter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public EdgeKindRegistry registry() {
    return registry;
  }

  public KindCanonicalizer canonicalizer() {
    return canonicalizer;
  }

  public ExhaustionLedger ledger() {
    return ledger;
  }

  // ================================================================ single edge

  /** Runs one proposed edge through all three stages. */
  public EdgeOutcome process(EdgeCandidate in) {
    inc(GuardrailCounter.SEEN);
    Canonicalization canon = canonicalizer.canonicalize(in.kind());
    inc(switch (canon.method()) {
      case EXACT -> in.kind().equals(canon.kind()) ? GuardrailCounter.KIND_EXACT
          : GuardrailCounter.KIND_NORMALISED;
      case ALIAS -> GuardrailCounter.KIND_ALIASED;
      case SIMILAR -> GuardrailCounter.KIND_SIMILAR;
      case OBSERVED -> GuardrailCounter.KIND_OBSERVED;
      case MISSING -> GuardrailCounter.KIND_MISSING;
      case UNKNOWN -> GuardrailCounter.KIND_UNKNOWN;
    });
    if (canon.method() == Canonicalization.Method.OBSERVED) {
      return drop(in, "canonicalise", GuardrailCounter.DROPPED_CANONICALISE,
          List.of(observedViolation(in.kind(), canon)));
    }
    Violation badId = IdCheck.check("src", in.src());
    if (badId == null) {
      badId = IdCheck.check("dst", in.dst());
    }
    if (badId == null) {
      badId = IdCheck.check("context_node_id", in.contextNodeId());
    }
    if (badId != null) {
      // Never repaired: no repairer turns a control character or a 5 MB id into the id meant.
      return drop(in, "canonicalise", GuardrailCounter.DROPPED_CANONICALISE, List.of(badId));
    }
    Healed h = heal(in, canon, true);
    if (h.selfLoop) {
      inc(GuardrailCounter.HEAL_SELF_LOOP);
      return drop(in, "heal", GuardrailCounter.DROPPED_HEAL, List.of(new Violation(
          Violation.SELF_LOOP, "src and dst are both " + h.edge.src() + "; self-loops are cleared")));
    }
    List<Violation> problems = validate(h.edge, canon, h.materialise);
    if (problems.isEmpty()) {
      inc(GuardrailCounter.VALID_FIRST_PASS);
      return accept(in, h, canon, 0);
    }
    return repairLoop(in, h.edge, problems, canon.method());
  }

  private EdgeOutcome repairLoop(EdgeCandidate in, EdgeCandidate current, List<Violation> problems,
      Canonicalization.Method firstMethod) {
    List<String> failures = new ArrayList<>();
    String errorReason = describe(problems);
    List<Violation> lastProblems = problems;
    EdgeCandidate original = current;
    for (int attempt = 1; attempt <= maxRepairAttempts; attempt++) {
      inc(GuardrailCounter.REPAIR_ATTEMPTS);
      Optional<EdgeCandidate> proposal;
      String failure;
      try {
        proposal = repairer.repair(new RepairRequest(current, lastProblems, in.contextNodeId(),
            registry, attempt, failures));
        failure = proposal.isPresent() ? null : "repairer " + repairer.name() + " gave up";
      } catch (RepairException e) {
        proposal = Optional.empty();
        failure = "repairer " + repairer.name() + " failed: " + e.getMessage();
      } catch (RuntimeException e) {
        proposal = Optional.empty();
        failure = "repairer " + repairer.name() + " threw " + e;
      }
      if (proposal.isPresent()) {
        EdgeCandidate p = RepairScope.fillIn(proposal.get(), current)
            .withContextNodeId(in.contextNodeId());
        Canonicalization canon = canonicalizer.canonicalize(p.kind());
        Healed h = heal(p, canon, false);
        List<Violation> v;
        // A repair may change only what the validator rejected (the original's problems).
        Violation outOfScope = RepairScope.check(original, h.edge,
            RepairScope.allowed(problems));
        if (outOfScope != null) {
          v = List.of(outOfScope);
        } else if (canon.method() == Canonicalization.Method.OBSERVED) {
          v = List.of(observedViolation(p.kind(), canon));
        } else if (h.selfLoop) {
          v = List.of(new Violation(Violation.SELF_LOOP, "proposal is a self-loop on "
              + h.edge.src()));
        } else {
          v = validate(h.edge, canon, h.materialise);
        }
        if (v.isEmpty()) {
          EdgeOutcome out = accept(in, h, new Canonicalization(canon.input(), canon.kind(),
              firstMethod, canon.score(), canon.nearest()), attempt);
          trainingLog.append(new TrainingPair(in.toJson(), out.edge().toJson(), in.contextNodeId(),
              errorReason, attempt, repairer.name(), null));
          inc(GuardrailCounter.REPAIRED);
          return out;
        }
        failure = "proposal still invalid: " + describe(v);
        if (outOfScope == null) {
          current = h.edge; // the next attempt repairs the proposal, within the same scope
        }
        lastProblems = v;
      }
      trainingLog.append(new TrainingPair(in.toJson(), null, in.contextNodeId(), errorReason,
          attempt, repairer.name(), failure));
      failures.add(failure);
      if (failure.endsWith(" gave up")) {
        break;
      }
    }
    inc(GuardrailCounter.REPAIR_FAILED);
    List<Violation> reasons = new ArrayList<>(problems);
    if (!failures.isEmpty()) {
      reasons.add(new Violation("repair_failed", String.join(" | ", failures)));
    }
    return drop(in, "validate", GuardrailCounter.DROPPED_VALIDATE, reasons);
  }

  // ================================================================ batches

  /**
   * The outcome of one rule firing for one context node.
   *
   * @param outcomes one per proposed edge, in order (plus one for the repair pass when the rule
   *     proposed nothing and the repairer produced an edge)
   * @param exhausted whether the (node, rule) pair was marked exhausted
   */
  public record BatchOutcome(List<EdgeOutcome> outcomes, boolean exhausted) {
    public BatchOutcome {
      outcomes = List.copyOf(outcomes);
    }

    public long acceptedCount() {
      return outcomes.stream().filter(EdgeOutcome::accepted).count();
    }
  }

  /**
   * Processes the edges one rule proposed for one context node. Candidates without context or
   * rule id inherit the batch's. Zero accepted edges (or zero proposed) runs the repair pass on a
   * {@code rule_yielded_no_edges} request; still nothing → the pair is marked exhausted.
   */
  public BatchOutcome processBatch(String contextNodeId, String ruleId,
      List<EdgeCandidate> candidates) {
    List<EdgeOutcome> outcomes = new ArrayList<>(candidates.size());
    for (EdgeCandidate c : candidates) {
      EdgeCandidate x = c;
      if (x.contextNodeId() == null) {
        x = x.withContextNodeId(contextNodeId);
      }
      if (x.ruleId() == null && ruleId != null) {
        x = x.withRuleId(ruleId);
      }
      outcomes.add(process(x));
    }
    if (outcomes.stream().anyMatch(EdgeOutcome::accepted)) {
      return new BatchOutcome(outcomes, false);
    }
    if (candidates.isEmpty()) {
      // The rule fired but proposed nothing: give the repairer one chance to propose an edge.
      EdgeCandidate empty = new EdgeCandidate(contextNodeId, null, null, ruleId, null,
          contextNodeId, Map.of());
      inc(GuardrailCounter.SEEN);
      EdgeOutcome o = repairLoop(empty, empty, List.of(new Violation(
          Violation.RULE_YIELDED_NO_EDGES, "rule " + (ruleId == null ? "(unnamed)" : ruleId)
          + " fired for " + contextNodeId + " but proposed no edge")),
          Canonicalization.Method.MISSING);
      outcomes.add(o);
      if (o.accepted()) {
        return new BatchOutcome(outcomes, false);
      }
    }
    Map<String, Integer> reasons = new TreeMap<>();
    for (EdgeOutcome o : outcomes) {
      reasons.merge(o.reason(), 1, Integer::sum);
    }
    StringBuilder r = new StringBuilder();
    reasons.forEach((k, v) -> r.append(r.length() == 0 ? "" : ", ").append(k).append('×').append(v));
    ledger.mark(new ExhaustionLedger.Entry(contextNodeId == null ? "(none)" : contextNodeId,
        ruleId == null ? "*" : ruleId, clock.instant(), candidates.size(), r.toString()));
    inc(GuardrailCounter.RULES_EXHAUSTED);
    return new BatchOutcome(outcomes, true);
  }

  // ================================================================ stages 2 and 3

  private static final class Healed {
    EdgeCandidate edge;
    final List<String> healed = new ArrayList<>();
    final List<String> materialise = new ArrayList<>();
    boolean selfLoop;
  }

  private Healed heal(EdgeCandidate in, Canonicalization canon, boolean count) {
    Healed h = new Healed();
    EdgeCandidate e = canon.resolved() ? in.withKind(canon.kind()) : in;
    if (e.src() == null && e.contextNodeId() != null) {
      e = e.withSrc(e.contextNodeId());
      h.healed.add("src_from_context");
      countIf(count, GuardrailCounter.HEAL_SRC_FROM_CONTEXT);
    }
    String ps = prefixed(e.src());
    if (ps != null && !ps.equals(e.src())) {
      e = e.withSrc(ps);
      h.healed.add("src_prefixed");
      countIf(count, GuardrailCounter.HEAL_ID_PREFIXED);
    }
    String pd = prefixed(e.dst());
    if (pd != null && !pd.equals(e.dst())) {
      e = e.withDst(pd);
      h.healed.add("dst_prefixed");
      countIf(count, GuardrailCounter.HEAL_ID_PREFIXED);
    }
    if (e.src() != null && e.src().equals(e.dst())) {
      h.edge = e;
      h.selfLoop = true;
      return h;
    }
    if (e.ruleId() == null) {
      CRC32 crc = new CRC32();
      crc.update((e.contextNodeId() + "|" + e.src() + "|" + e.kind() + "|" + e.dst())
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      e = e.withRuleId(String.format(Locale.ROOT, "synth-%08x", crc.getValue()));
      h.healed.add("rule_id_synthesised");
      countIf(count, GuardrailCounter.HEAL_RULE_ID_SYNTHESISED);
    }
    if (nodeExists != null && materialiseNodes) {
      for (String id : new String[] {e.src(), e.dst()}) {
        if (id != null && NodeKind.ofId(id) != NodeKind.OTHER && !nodeExists.test(id)) {
          h.materialise.add(id);
          countIf(count, GuardrailCounter.HEAL_NODES_MATERIALISED);
        }
      }
    }
    h.edge = e;
    return h;
  }

  /** {@code 192.0.2.1} → {@code host:192.0.2.1}, {@code AS15169} → {@code asn:15169}. */
  static String prefixed(String id) {
    if (id == null || NodeKind.ofId(id) != NodeKind.OTHER) {
      return id;
    }
    if (IPV4.matcher(id).matches() || IPV6.matcher(id).matches()) {
      return "host:" + id;
    }
    java.util.regex.Matcher m = ASN.matcher(id);
    if (m.matches()) {
      return "asn:" + m.group(1);
    }
    return id;
  }

  private List<Violation> validate(EdgeCandidate e, Canonicalization canon,
      List<String> materialise) {
    List<Violation> v = new ArrayList<>(2);
    if (e.src() == null) {
      v.add(new Violation(Violation.MISSING_SRC, "no src and no context node to take it from"));
    }
    if (e.dst() == null) {
      v.add(new Violation(Violation.MISSING_DST, "no dst"));
    }
    EdgeKindRegistry.KindSpec spec = null;
    if (e.kind() == null) {
      v.add(new Violation(Violation.MISSING_KIND, "no kind; valid kinds: " + registry.validKinds()));
    } else if (!registry.validKinds().contains(e.kind())) {
      v.add(new Violation(Violation.UNKNOWN_KIND, String.format(Locale.ROOT,
          "'%s' is not a valid kind (nearest known name %s at similarity %.2f, threshold %.2f); "
              + "valid kinds: %s", e.kind(), canon.nearest(), canon.score(),
          registry.similarityThreshold(), registry.validKinds())));
    } else {
      spec = registry.spec(e.kind()).orElseThrow();
    }
    if (spec != null && e.src() != null && !spec.acceptsSrc(NodeKind.ofId(e.src()))) {
      v.add(new Violation(Violation.SRC_TYPE_MISMATCH, spec.kind() + " needs src of kind "
          + names(spec.src()) + ", got " + e.src()));
    }
    if (spec != null && e.dst() != null && !spec.acceptsDst(NodeKind.ofId(e.dst()))) {
      v.add(new Violation(Violation.DST_TYPE_MISMATCH, spec.kind() + " needs dst of kind "
          + names(spec.dst()) + ", got " + e.dst()));
    }
    if (e.confidence() != null && !(e.confidence() >= 0.0 && e.confidence() <= 1.0)) {
      v.add(new Violation(Violation.CONFIDENCE_OUT_OF_RANGE, "confidence must be in [0, 1], got "
          + e.confidence()));
    }
    if (nodeExists != null) {
      for (String id : new String[] {e.src(), e.dst()}) {
        if (id != null && !materialise.contains(id) && !nodeExists.test(id)) {
          v.add(new Violation(Violation.UNKNOWN_NODE, "node " + id + " is not in the graph"
              + (materialiseNodes ? " and has no kind prefix to materialise it with"
                  : " and materialisation is off")));
        }
      }
    }
    return v;
  }

  private static String names(java.util.Set<NodeKind> kinds) {
    List<String> n = new ArrayList<>();
    kinds.forEach(k -> n.add(k.prefix()));
    return String.join("|", n);
  }

  private Violation observedViolation(String kind, Canonicalization canon) {
    return new Violation(Violation.OBSERVED_ZONE_KIND, "'" + kind + "' is an observed-zone kind"
        + (canon.nearest() != null && !canon.nearest().equals(EdgeKindRegistry.normalise(kind))
            ? " (nearest to " + canon.nearest() + ")" : "")
        + "; inference may not write observations");
  }

  private EdgeOutcome accept(EdgeCandidate in, Healed h, Canonicalization canon, int attempts) {
    double conf = h.edge.confidence() == null ? 0.5 : h.edge.confidence();
    if (canon.method() == Canonicalization.Method.SIMILAR) {
      conf *= canon.score();
    }
    if (attempts > 0) {
      conf *= 0.8;
    }
    GuardedEdge g = new GuardedEdge(h.edge.src(), h.edge.kind(), h.edge.dst(), h.edge.ruleId(),
        conf, GuardedEdge.tierOf(conf), in.kind(), canon.method(), h.healed, attempts,
        h.materialise, in.contextNodeId(), h.edge.attributes());
    if (attempts > 0) {
      inc(GuardrailCounter.RECOVERED_REPAIR);
    } else if (!h.healed.isEmpty() || !h.materialise.isEmpty()) {
      inc(GuardrailCounter.RECOVERED_HEAL);
    } else if (canon.method() != Canonicalization.Method.EXACT || !in.kind().equals(canon.kind())) {
      inc(GuardrailCounter.RECOVERED_CANONICALISE);
    } else {
      inc(GuardrailCounter.ACCEPTED_CLEAN);
    }
    return new EdgeOutcome(in, g, null, List.of());
  }

  private EdgeOutcome drop(EdgeCandidate in, String stage, GuardrailCounter c,
      List<Violation> reasons) {
    inc(c);
    droppedByReason.computeIfAbsent(reasons.get(0).reason(), k -> new LongAdder()).increment();
    return new EdgeOutcome(in, null, stage, reasons);
  }

  static String describe(List<Violation> v) {
    StringBuilder b = new StringBuilder();
    for (Violation x : v) {
      b.append(b.length() == 0 ? "" : "; ").append(x);
    }
    return b.toString();
  }

  private void inc(GuardrailCounter c) {
    counters.get(c).increment();
  }

  private void countIf(boolean count, GuardrailCounter c) {
    if (count) {
      inc(c);
    }
  }

  /** A copy of the counters now. */
  public GuardrailStats stats() {
    Map<GuardrailCounter, Long> m = new EnumMap<>(GuardrailCounter.class);
    counters.forEach((k, v) -> m.put(k, v.sum()));
    Map<String, Long> d = new TreeMap<>();
    droppedByReason.forEach((k, v) -> d.put(k, v.sum()));
    return new GuardrailStats(m, d);
  }

  // ================================================================ builder

  /** Configures a guardrail. Not thread-safe; build once. */
  public static final class Builder {
    private EdgeKindRegistry registry;
    private KindEmbedder embedder = new NgramKindEmbedder();
    private double threshold = -1;
    private EdgeRepairer repairer = new DeterministicRepairer();
    private int maxRepairAttempts = 2;
    private TrainingLog trainingLog = TrainingLog.discard();
    private ExhaustionLedger ledger = new ExhaustionLedger();
    private Predicate<String> nodeExists;
    private boolean materialiseNodes = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The edge-kind registry (default: {@link EdgeKindRegistry#bundled()}). */
    public Builder registry(EdgeKindRegistry r) {
      this.registry = require(r, "registry");
      return this;
    }

    /** The embedder for nearest-kind matching (default {@link NgramKindEmbedder}). */
    public Builder embedder(KindEmbedder e) {
      this.embedder = require(e, "embedder");
      return this;
    }

    /** Overrides the registry's similarity threshold, in (0, 1]. */
    public Builder similarityThreshold(double t) {
      if (!(t > 0.0 && t <= 1.0)) {
        throw new IllegalArgumentException("similarity threshold must be in (0, 1], got " + t);
      }
      this.threshold = t;
      return this;
    }

    /** The repairer for stage 3 (default {@link DeterministicRepairer}). */
    public Builder repairer(EdgeRepairer r) {
      this.repairer = require(r, "repairer");
      return this;
    }

    /** At most this many repair attempts per edge, 0–10 (default 2, as in the origin). */
    public Builder maxRepairAttempts(int n) {
      if (n < 0 || n > 10) {
        throw new IllegalArgumentException("maxRepairAttempts must be in [0, 10], got " + n);
      }
      this.maxRepairAttempts = n;
      return this;
    }

    /** Where training pairs go (default: discarded). */
    public Builder trainingLog(TrainingLog log) {
      this.trainingLog = require(log, "training log");
      return this;
    }

    /** The exhaustion ledger to record into (default: a new one). */
    public Builder ledger(ExhaustionLedger l) {
      this.ledger = require(l, "ledger");
      return this;
    }

    /**
     * How to tell whether a node exists (e.g. {@code graph::containsNode}); default: not checked.
     */
    public Builder nodeExists(Predicate<String> p) {
      this.nodeExists = p;
      return this;
    }

    /** Whether missing endpoints with a kind prefix may be materialised (default true). */
    public Builder materialiseNodes(boolean allow) {
      this.materialiseNodes = allow;
      return this;
    }

    /** The clock for ledger entries. */
    public Builder clock(Clock c) {
      this.clock = require(c, "clock");
      return this;
    }

    public Guardrail build() {
      if (registry == null) {
        registry = EdgeKindRegistry.bundled();
      }
      return new Guardrail(this);
    }

    private static <T> T require(T v, String what) {
      if (v == null) {
        throw new IllegalArgumentException(what + " is required");
      }
      return v;
    }
  }
}
