package io.geofusion.guardrail;

import java.util.Optional;

/**
 * Stage 3's repair step: proposes a corrected edge for one that failed validation. The guardrail
 * re-runs stages 1–2 and validation on the proposal, so a repairer may return an alias or leave
 * healing to the guardrail. Implementations must be thread-safe.
 */
public interface EdgeRepairer {

  /** A short name for logs and training pairs (e.g. {@code deterministic}, {@code ollama:qwen}). */
  String name();

  /**
   * Proposes a corrected edge.
   *
   * @return the proposal, or empty if this repairer cannot fix the edge (the guardrail then stops
   *     trying)
   * @throws RepairException if the attempt failed in a way a later attempt might not (timeout,
   *     server error, malformed reply)
   */
  Optional<EdgeCandidate> repair(RepairRequest request) throws RepairException;
}
