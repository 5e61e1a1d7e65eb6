package io.geofusion.server;

import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.locate.Analysis;
import java.time.Instant;
import java.util.List;

/**
 * Hears every measurement and every location result the server produces, e.g. to store them in a
 * history database. Called on the request's thread after the response document was built and
 * before it is sent; a listener that throws is counted and does not fail the request. It must
 * return quickly (queue slow work) and be thread-safe: requests run in parallel.
 */
public interface ServerListener {

  /**
   * One RTT observation of {@code target} from one vantage: each vantage of a {@code POST
   * /v1/locate} body, and this machine's observation in {@code POST /v1/analyze} when its position
   * is known.
   *
   * @param target the entity (address or name) as the request named it
   * @param observation the vantage, its position and minimum RTT
   * @param at when the server received it
   */
  default void onMeasurement(String target, VantageObservation observation, Instant at) {}

  /**
   * A whole live analysis (ping envelope, trace, hop lookups) of {@code POST /v1/analyze}.
   *
   * @param analysis the settings it ran with (vantage, access delay, distance model)
   * @param result the analysis result
   * @param at when it finished
   */
  default void onAnalysis(Analysis analysis, Analysis.Result result, Instant at) {}

  /**
   * One target of {@code POST /v1/locate} as a whole: its vantages and its result, after the
   * {@link #onMeasurement} and {@link #onLocation} calls for it (a history store records them
   * in one transaction from here).
   *
   * @param target the entity
   * @param vantages the vantage observations it was fused from
   * @param result the fusion result
   * @param at when the server received the request
   */
  default void onFused(String target, List<VantageObservation> vantages, FusionResult result,
      Instant at) {}

  /**
   * A location result (located or abstained) of {@code POST /v1/locate} or {@code POST
   * /v1/analyze}, before temporal smoothing.
   *
   * @param target the entity
   * @param result the fusion result
   * @param at when it was computed
   */
  default void onLocation(String target, FusionResult result, Instant at) {}
}
