package io.geofusion.fusion;

import java.util.Objects;

/**
 * A classifier's verdict.
 *
 * @param label the class
 * @param confidence how sure the classifier is, in [0, 1]
 * @param reason one human-readable sentence naming the evidence
 */
public record HostClassification(HostClass label, double confidence, String reason) {

  /** No opinion. */
  public static final HostClassification UNKNOWN =
      new HostClassification(HostClass.UNKNOWN, 0.0, "no classifying evidence");

  public HostClassification {
    Objects.requireNonNull(label, "label must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }
}
