package io.geofusion.locate;

import java.util.List;
import java.util.Objects;

/**
 * The evidence {@link EvidenceAssembler#assemble} found in recorded measurements, and what it
 * left out, so a front end can say why a record counted for nothing.
 *
 * @param targets one entry per target with at least one placed RTT, in the order the targets
 *     were first met
 * @param unnamedTraces traces that name no destination (a traceroute transcript without its
 *     {@code traceroute to} header, a tracepath run that never printed {@code reached}): their
 *     last responder is a router as far as anyone can tell, so there is no target to locate
 * @param unplacedRecords records with an RTT whose vantage has no position and no fallback
 *     position was given
 * @param fallbackVantages how many distinct vantages the fallback position placed; more than
 *     one means different vantages were all put at one place
 */
public record RecordedEvidence(List<TargetEvidence> targets, int unnamedTraces,
    int unplacedRecords, int fallbackVantages) {

  public RecordedEvidence {
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    if (unnamedTraces < 0 || unplacedRecords < 0 || fallbackVantages < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got " + unnamedTraces + ", "
          + unplacedRecords + ", " + fallbackVantages);
    }
  }
}
