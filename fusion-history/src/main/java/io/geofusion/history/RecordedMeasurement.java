package io.geofusion.history;

import io.geofusion.formats.RttSummary;
import io.geofusion.geo.LatLon;
import io.geofusion.probe.ProbeMethod;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One measurement of an address from one vantage, as {@link HistoryStore} stored it: what the
 * library's records carried, nothing invented. A live ping ({@link
 * io.geofusion.probe.PingResult}) carries its method and full statistics; fusion evidence
 * ({@link io.geofusion.fusion.VantageObservation}) only the vantage's minimum RTT and access
 * delay.
 *
 * @param id the row's id, increasing in the order rows were recorded
 * @param at when it was measured (a ping's start) or recorded (evidence), microsecond precision
 * @param address the target as the pipeline named it (an IP literal, or a name)
 * @param vantageId the vantage's id ({@code "local"} for this machine in a live analysis)
 * @param vantage where the vantage is; empty when its position was unknown
 * @param method the probe method; empty when the source did not say (fusion evidence)
 * @param rtt sent, received and min/mean/max/stddev RTT in ms ({@code lastMs} is NaN, not
 *     stored); empty when the source carried only a minimum RTT
 * @param minRttMs the smallest RTT, ms; NaN when no probe was answered
 * @param localDelayMs the vantage's access delay subtracted before distance, ms; NaN when the
 *     source did not say
 */
public record RecordedMeasurement(long id, Instant at, String address, String vantageId,
    Optional<LatLon> vantage, Optional<ProbeMethod> method, Optional<RttSummary> rtt,
    double minRttMs, double localDelayMs) {

  public RecordedMeasurement {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(vantageId, "vantageId");
    Objects.requireNonNull(vantage, "vantage");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rtt, "rtt");
  }
}
