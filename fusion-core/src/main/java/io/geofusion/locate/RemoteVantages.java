package io.geofusion.locate;

import io.geofusion.fusion.VantageObservation;
import java.time.Duration;
import java.util.List;

/**
 * Vantages elsewhere that measure a target while this machine does (GeoFusion agents, a
 * measurement platform), for {@link Analysis.Builder#remote}. The analysis starts them before its
 * own ping and collects their observations after its trace, so both run at once.
 *
 * <p>Contract: {@link #start} returns at once (the work runs on the implementation's own threads
 * or non-blocking I/O); {@link Pending#await} returns within {@link #bound()} of the start, with
 * the observations of every vantage that answered in time (possibly none). A vantage that fails,
 * answers garbage or never answers is left out: it never fails the analysis. Remote RTTs are
 * measured on the remote vantage (their clocks are never compared with this one's).
 * Implementations must be safe to call for several targets at once.
 */
public interface RemoteVantages {

  /**
   * Starts measuring {@code target} from every remote vantage.
   *
   * @param target the target (its address is what the vantages probe)
   * @return what to wait for
   */
  Pending start(LiveTarget target);

  /**
   * The longest {@link Pending#await} takes after {@link #start}: the implementation's one
   * deadline.
   *
   * @return a positive duration
   */
  Duration bound();

  /** A measurement in progress. */
  @FunctionalInterface
  interface Pending {

    /**
     * Waits (at most until the implementation's deadline) and returns the observations of the
     * vantages that answered, one per vantage, each placed and with its access delay clamped
     * ({@link EvidenceAssembler#observation}).
     *
     * @return the observations, possibly empty
     * @throws InterruptedException when the waiting thread is interrupted
     */
    List<VantageObservation> await() throws InterruptedException;
  }
}
