package io.geofusion.guardrail;

import java.util.Locale;

/** The guardrail's per-stage counters (JSON name = lower-case constant name). */
public enum GuardrailCounter {
  /** Edges that entered the guardrail. */
  SEEN,
  // ---- stage 1: canonicalise
  /** Kind already canonical. */
  KIND_EXACT,
  /** Kind canonical after normalising case/separators. */
  KIND_NORMALISED,
  /** Kind mapped through the alias table. */
  KIND_ALIASED,
  /** Kind mapped to the nearest known name by similarity. */
  KIND_SIMILAR,
  /** Observed-zone kind: dropped. */
  KIND_OBSERVED,
  /** No kind given. */
  KIND_MISSING,
  /** Kind unknown after stage 1 (left to repair). */
  KIND_UNKNOWN,
  // ---- stage 2: heal
  /** Missing src filled from the context node. */
  HEAL_SRC_FROM_CONTEXT,
  /** Bare IP address / AS number given its {@code host:} / {@code asn:} prefix. */
  HEAL_ID_PREFIXED,
  /** Missing rule_id synthesised. */
  HEAL_RULE_ID_SYNTHESISED,
  /** Missing endpoint nodes marked for materialisation. */
  HEAL_NODES_MATERIALISED,
  /** Self-loops cleared (dropped). */
  HEAL_SELF_LOOP,
  // ---- stage 3: validate, repair
  /** Valid without repair. */
  VALID_FIRST_PASS,
  /** Calls to the repairer. */
  REPAIR_ATTEMPTS,
  /** Edges a repair made valid. */
  REPAIRED,
  /** Edges still invalid after every attempt. */
  REPAIR_FAILED,
  /** Rules that fired with zero valid edges and were marked exhausted. */
  RULES_EXHAUSTED,
  // ---- outcome, attributed to the last stage that was needed
  /** Accepted with nothing changed but formatting. */
  ACCEPTED_CLEAN,
  /** Accepted after stage 1 changed the kind, nothing else needed. */
  RECOVERED_CANONICALISE,
  /** Accepted after stage 2 healed it (no repair). */
  RECOVERED_HEAL,
  /** Accepted after a repair. */
  RECOVERED_REPAIR,
  /** Dropped in stage 1. */
  DROPPED_CANONICALISE,
  /** Dropped in stage 2. */
  DROPPED_HEAL,
  /** Dropped in stage 3. */
  DROPPED_VALIDATE;

  /** The JSON name, e.g. {@code kind_aliased}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
