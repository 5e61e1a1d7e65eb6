package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One repair attempt, as logged for training a repair model (docs/schemas/training-pair.schema.json):
 * {@code {"input", "output", "context_node_id", "error_reason", "attempt", "repairer", "failure"}}.
 *
 * @param input the edge as the producer proposed it
 * @param output the repaired, valid edge; null when the attempt failed
 * @param contextNodeId the node the inference was about, or null
 * @param errorReason why the input was invalid (violations, {@code reason: detail; …})
 * @param attempt 1-based attempt number for this edge
 * @param repairer the repairer's name
 * @param failure why the attempt failed, or null on success
 */
public record TrainingPair(JsonNode input, JsonNode output, String contextNodeId,
    String errorReason, int attempt, String repairer, String failure) {

  public TrainingPair {
    if (input == null || errorReason == null || repairer == null) {
      throw new IllegalArgumentException("input, error_reason and repairer are required");
    }
    if ((output == null) == (failure == null)) {
      throw new IllegalArgumentException("a training pair has either an output or a failure");
    }
  }

  /** The JSON line ({@code output} is written as JSON null on failure). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("input", input);
    o.set("output", output == null ? JsonNodeFactory.instance.nullNode() : output);
    if (contextNodeId == null) {
      o.putNull("context_node_id");
    } else {
      o.put("context_node_id", contextNodeId);
    }
    o.put("error_reason", errorReason);
    o.put("attempt", attempt);
    o.put("repairer", repairer);
    if (failure != null) {
      o.put("failure", failure);
    }
    return o;
  }
}
