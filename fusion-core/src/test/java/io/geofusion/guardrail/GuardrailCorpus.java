package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the guardrail test corpus from the origin system's documented failure modes
 * (docs/architecture.md §2 item 7, issue 6): every alias, alias spellings, near-miss spellings,
 * observed-zone kinds, missing src/dst/kind/rule_id, self-loops, reversed endpoints, bare ids,
 * out-of-range confidence, invented synonyms and garbage. Each line is an edge plus {@code _case}
 * and {@code _expect} annotations (ignored by the guardrail) stating the ground truth:
 * {@code {"outcome":"accept","kind":…}} or {@code {"outcome":"drop","stage":…,"reason":…}}.
 *
 * <p>Regenerate {@code src/test/resources/guardrail/corpus.jsonl} by running the tests with
 * {@code -Dgeofusion.regenerate=true}; {@link GuardrailCorpusTest} fails if the file and this
 * generator disagree.
 */
final class GuardrailCorpus {

  static final long SEED = 20261126L;
  static final String FILE = "guardrail/corpus.jsonl";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FLOW = "INFERRED_FLOW_IN_SERVICE";
  private static final String ORG = "INFERRED_HOST_IN_ORG";
  private static final String OFFERS = "INFERRED_HOST_OFFERS_SERVICE";

  private final SplittableRandom r = new SplittableRandom(SEED);
  private final List<String> lines = new ArrayList<>();
  private final EdgeKindRegistry registry = EdgeKindRegistry.bundled();

  private GuardrailCorpus() {}

  static List<String> generate() {
    GuardrailCorpus c = new GuardrailCorpus();
    c.build();
    return c.lines;
  }

  private String host() {
    String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
    return "host:" + nets[r.nextInt(3)] + (1 + r.nextInt(254));
  }

  private String dstFor(String kind) {
    switch (kind) {
      case ORG:
        return r.nextBoolean() ? "org:example-" + r.nextInt(20) : "asn:" + (64496 + r.nextInt(15));
      case OFFERS:
        return "service:tcp/" + new int[] {22, 53, 80, 443, 8443}[r.nextInt(5)];
      default:
        return r.nextBoolean() ? host() : "service:tcp/" + new int[] {80, 443}[r.nextInt(2)];
    }
  }

  private ObjectNode edge(String src, String kind, String dst, boolean rule, Double conf) {
    ObjectNode o = MAPPER.createObjectNode();
    if (src != null) {
      o.put("src", src);
    }
    if (kind != null) {
      o.put("kind", kind);
    }
    if (dst != null) {
      o.put("dst", dst);
    }
    if (rule) {
      o.put("rule_id", "rule-" + r.nextInt(8));
    }
    if (conf != null) {
      o.put("confidence", conf);
    }
    return o;
  }

  private double conf() {
    return Math.round((0.3 + 0.7 * r.nextDouble()) * 100) / 100.0;
  }

  private void add(String caseName, ObjectNode e, String context, ObjectNode expect) {
    if (context != null) {
      e.put("context_node_id", context);
    }
    e.put("_case", caseName);
    e.set("_expect", expect);
    try {
      lines.add(MAPPER.writeValueAsString(e));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private ObjectNode accept(String kind) {
    ObjectNode x = MAPPER.createObjectNode();
    x.put("outcome", "accept");
    x.put("kind", kind);
    return x;
  }

  private ObjectNode drop(String stage, String reason) {
    ObjectNode x = MAPPER.createObjectNode();
    x.put("outcome", "drop");
    x.put("stage", stage);
    x.put("reason", reason);
    return x;
  }

  private void build() {
    // 1. Canonical kinds, well-formed.
    for (String k : registry.validKinds()) {
      for (int i = 0; i < 6; i++) {
        String src = host();
        add("canonical", edge(src, k, dstFor(k), true, conf()), src, accept(k));
      }
    }
    // 2. Every origin alias, as written and in other spellings of separators and case.
    for (Map.Entry<String, String> a : registry.aliases().entrySet()) {
      String[] forms = {a.getKey(), a.getKey().toLowerCase(Locale.ROOT),
          a.getKey().replace('_', '-').toLowerCase(Locale.ROOT), a.getKey().replace('_', ' ')};
      for (String f : forms) {
        String src = host();
        add("alias", edge(src, f, dstFor(a.getValue()), true, conf()), src, accept(a.getValue()));
      }
    }
    // 3. Near-miss spellings of aliases and kinds (typos a model makes).
    List<String[]> names = new ArrayList<>();
    registry.validKinds().forEach(k -> names.add(new String[] {k, k}));
    registry.aliases().forEach((k, v) -> names.add(new String[] {k, v}));
    for (String[] n : names) {
      for (int t = 0; t < 4; t++) {
        String typo = typo(n[0], t);
        String norm = EdgeKindRegistry.normalise(typo);
        if (registry.validKinds().contains(norm) || registry.aliases().containsKey(norm)) {
          continue;
        }
        String src = host();
        add("near_miss", edge(src, typo, dstFor(n[1]), true, conf()), src, accept(n[1]));
      }
    }
    add("near_miss", edge("host:192.0.2.10", "FLOW_FROM_HOSTS", "host:192.0.2.11", true, 0.9),
        "host:192.0.2.10", accept(FLOW));
    // 4. Observed-zone kinds, listed, marked and misspelt: inference may not write them.
    for (String k : new String[] {"FLOW_OBSERVED_HOST", "flow_observed_host", "FLOW_OBSERVED_HOSTS",
        "FLOW_OBSERVED_SERVICE", "HOST_OBSERVED_IN_CAPTURE", "OBSERVED_FLOW", "HOST_OBSERVED_RTT"}) {
      for (int i = 0; i < 3; i++) {
        String src = host();
        add("observed", edge(src, k, host(), true, conf()), src,
            drop("canonicalise", "observed_zone_kind"));
      }
    }
    add("observed", edge("host:192.0.2.20", "FLOW_OBSRVED_HOST", "host:192.0.2.21", true, 0.8),
        "host:192.0.2.20", drop("canonicalise", "observed_zone_kind"));
    // 5. Missing src: healed from the context node; without a context it cannot be.
    for (String k : registry.validKinds()) {
      for (int i = 0; i < 4; i++) {
        String ctx = host();
        add("missing_src", edge(null, k, dstFor(k), true, conf()), ctx, accept(k));
      }
      add("missing_src_no_context", edge(null, k, dstFor(k), true, conf()), null,
          drop("validate", "missing_src"));
    }
    // 6. Missing dst: nothing can invent it.
    for (String k : registry.validKinds()) {
      for (int i = 0; i < 3; i++) {
        String src = host();
        add("missing_dst", edge(src, k, null, true, conf()), src, drop("validate", "missing_dst"));
      }
    }
    // 7. Self-loops, given or produced by healing src from the context.
    for (int i = 0; i < 6; i++) {
      String h = host();
      add("self_loop", edge(h, FLOW, h, true, conf()), h, drop("heal", "self_loop"));
    }
    for (int i = 0; i < 3; i++) {
      String h = host();
      add("self_loop", edge(null, "FLOW_TO_HOST", h, true, conf()), h, drop("heal", "self_loop"));
    }
    // 8. Missing rule_id: synthesised.
    for (String k : registry.validKinds()) {
      for (int i = 0; i < 4; i++) {
        String src = host();
        add("missing_rule_id", edge(src, k, dstFor(k), false, conf()), src, accept(k));
      }
    }
    // 9. Bare ids (IP address, AS number): prefixed.
    for (int i = 0; i < 4; i++) {
      String h = host();
      add("bare_ids", edge(h.substring(5), "HOST_IN_ASN", "AS" + (64496 + i), true, conf()), h,
          accept(ORG));
    }
    // 10. Reversed endpoints: the repairer swaps them.
    for (int i = 0; i < 5; i++) {
      String h = host();
      add("reversed", edge("org:example-" + i, ORG, h, true, conf()), h, accept(ORG));
      add("reversed", edge("service:tcp/443", "PORT_HUB", h, true, conf()), h, accept(OFFERS));
    }
    // 11. Missing kind: the endpoint types leave one choice (host→org, host→service is ambiguous
    //     between FLOW and OFFERS, so it is dropped).
    for (int i = 0; i < 4; i++) {
      String h = host();
      add("missing_kind", edge(h, null, "org:example-" + i, true, conf()), h, accept(ORG));
      add("missing_kind", edge(h, null, "service:tcp/22", true, conf()), h,
          drop("validate", "missing_kind"));
    }
    // 12. Confidence out of range: clamped by the repairer.
    for (int i = 0; i < 3; i++) {
      String h = host();
      add("bad_confidence", edge(h, ORG, "asn:64500", true, 1.5 + i), h, accept(ORG));
    }
    // 13. Invented synonyms: meaningful to a human or a model, not to n-grams. Ground truth given;
    //     the deterministic default is expected to drop most (reported, not asserted).
    String[][] synonyms = {{"HOST_BELONGS_TO_ORG", ORG}, {"HOST_MEMBER_OF_AS", ORG},
        {"OPERATED_BY", ORG}, {"SERVES_PORT", OFFERS}, {"LISTENS_ON", OFFERS},
        {"HOST_EXPOSES_SERVICE", OFFERS}, {"TALKS_TO", FLOW}, {"CONNECTS_TO_HOST", FLOW},
        {"COMMUNICATES_WITH", FLOW}, {"SESSION_WITH_HOST", FLOW}};
    for (String[] s : synonyms) {
      String h = host();
      add("synonym", edge(h, s[0], dstFor(s[1]), true, conf()), h, accept(s[1]));
    }
    // 14. Garbage kinds: dropped after repair fails.
    for (int i = 0; i < 12; i++) {
      String h = host();
      add("garbage", edge(h, garbage(), host(), true, conf()), h, drop("validate", "unknown_kind"));
    }
    for (String g : new String[] {"DROP TABLE edges;", "???", "12345", "null"}) {
      String h = host();
      add("garbage", edge(h, g, host(), true, conf()), h, drop("validate", "unknown_kind"));
    }
  }

  private String typo(String k, int t) {
    switch ((t + r.nextInt(5)) % 5) {
      case 0:
        return k.endsWith("S") ? k.substring(0, k.length() - 1) : k + "S";
      case 1: {
        int i = letterIndex(k);
        return k.substring(0, i) + k.substring(i + 1);
      }
      case 2: {
        int i = letterIndex(k);
        return k.substring(0, i) + k.charAt(i) + k.substring(i);
      }
      case 3: {
        int i = letterIndex(k);
        if (i + 1 < k.length() && k.charAt(i + 1) != '_') {
          return k.substring(0, i) + k.charAt(i + 1) + k.charAt(i) + k.substring(i + 2);
        }
        return k + "S";
      }
      default: {
        int u = k.indexOf('_', 1 + r.nextInt(Math.max(1, k.length() - 2)));
        return u < 0 ? k.toLowerCase(Locale.ROOT) + "s" : k.substring(0, u) + k.substring(u + 1);
      }
    }
  }

  private int letterIndex(String k) {
    for (int tries = 0; tries < 20; tries++) {
      int i = 1 + r.nextInt(k.length() - 2);
      if (k.charAt(i) != '_') {
        return i;
      }
    }
    return 1;
  }

  private String garbage() {
    String letters = "BCDFGJKPQVWXZ";
    StringBuilder b = new StringBuilder();
    int words = 1 + r.nextInt(3);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        b.append('_');
      }
      int n = 3 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        b.append(letters.charAt(r.nextInt(letters.length())));
      }
    }
    return b.toString();
  }
}
