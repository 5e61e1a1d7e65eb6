package io.geofusion.guardrail;

import java.util.List;

/**
 * What a repairer is asked to fix.
 *
 * @param edge the edge after stages 1–2 (kind canonical if it could be resolved, raw otherwise)
 * @param violations why it is invalid, at least one
 * @param contextNodeId the node the inference was about, or null
 * @param registry the valid kinds (a repairer must only propose these)
 * @param attempt 1 for the first attempt on this edge
 * @param previousFailures why earlier attempts on this edge failed, oldest first
 */
public record RepairRequest(EdgeCandidate edge, List<Violation> violations, String contextNodeId,
    EdgeKindRegistry registry, int attempt, List<String> previousFailures) {

  public RepairRequest {
    if (edge == null || registry == null) {
      throw new IllegalArgumentException("edge and registry are required");
    }
    if (violations == null || violations.isEmpty()) {
      throw new IllegalArgumentException("a repair request needs at least one violation");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
    violations = List.copyOf(violations);
    previousFailures = previousFailures == null ? List.of() : List.copyOf(previousFailures);
  }

  /** Whether any violation has this reason code. */
  public boolean has(String reason) {
    for (Violation v : violations) {
      if (v.reason().equals(reason)) {
        return true;
      }
    }
    return false;
  }
}
