package io.geofusion.guardrail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Context nodes for which a rule fired, yielded no valid edge even after the repair pass, and was
 * therefore marked exhausted — so callers stop re-running that rule on that node. Thread-safe.
 */
public final class ExhaustionLedger {

  /**
   * One exhausted (node, rule) pair.
   *
   * @param contextNodeId the node
   * @param ruleId the rule, or {@code "*"} when none was given
   * @param at when it was marked (guardrail clock)
   * @param edgesProposed how many edges the rule proposed (0 = it fired but yielded none)
   * @param reason the drop reasons, e.g. {@code unknown_kind×2, self_loop×1}
   */
  public record Entry(String contextNodeId, String ruleId, Instant at, int edgesProposed,
      String reason) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** An empty ledger. */
  public ExhaustionLedger() {}

  private static String key(String node, String rule) {
    return node + "\u0000" + rule;
  }

  void mark(Entry e) {
    entries.put(key(e.contextNodeId(), e.ruleId()), e);
  }

  /** Whether any rule is exhausted for this node. */
  public boolean isExhausted(String contextNodeId) {
    for (Entry e : entries.values()) {
      if (e.contextNodeId().equals(contextNodeId)) {
        return true;
      }
    }
    return false;
  }

  /** The entry for (node, rule), if exhausted. */
  public Optional<Entry> entry(String contextNodeId, String ruleId) {
    return Optional.ofNullable(entries.get(key(contextNodeId, ruleId == null ? "*" : ruleId)));
  }

  /** Forgets a (node, rule) pair, e.g. after the node changed; returns whether it was there. */
  public boolean clear(String contextNodeId, String ruleId) {
    return entries.remove(key(contextNodeId, ruleId == null ? "*" : ruleId)) != null;
  }

  /** All entries, sorted by node then rule. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>(entries.values());
    out.sort(Comparator.comparing(Entry::contextNodeId).thenComparing(Entry::ruleId));
    return out;
  }

  public int size() {
    return entries.size();
  }
}
