package io.geofusion.locate;

import io.geofusion.fusion.VantageObservation;
import java.util.List;
import java.util.Objects;

/**
 * What was measured about one target, ready for {@link HostLocator#locate(TargetEvidence)}: one
 * observation per vantage (the smallest RTT it measured, its access delay clamped to that RTT),
 * and the facts the host classification uses.
 *
 * @param target the target as recorded: an IP literal, or a name when the recording kept no
 *     address
 * @param vantages one observation per vantage, in the order the vantages were first met; empty
 *     when no placed vantage measured the target (GeoIP alone, or abstain)
 * @param minRttMs the smallest RTT measured to the target, ms (for the assembler's evidence the
 *     smallest of {@code vantages}), or NaN when none
 * @param jitterMs the smallest jitter any vantage's RTT series showed, ms, or NaN when none gave
 *     one
 */
public record TargetEvidence(String target, List<VantageObservation> vantages, double minRttMs,
    double jitterMs) {

  public TargetEvidence {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target must be non-blank, got "
          + (target == null ? "null" : "'" + target + "'"));
    }
    vantages = List.copyOf(Objects.requireNonNull(vantages, "vantages"));
  }

  /** The facts for host classification: {@link #minRttMs()} and {@link #jitterMs()}. */
  public HostLocator.Facts facts() {
    return HostLocator.Facts.of(minRttMs, jitterMs);
  }
}
