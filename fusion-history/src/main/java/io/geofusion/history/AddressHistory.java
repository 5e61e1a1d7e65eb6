package io.geofusion.history;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How an address's RTTs and location moved: its measurements and location results recorded at
 * or after {@code since}, each list oldest first.
 *
 * @param address the address asked for
 * @param since the earliest time included
 * @param measurements the measurements, oldest first
 * @param locations the location results, oldest first
 * @param truncated whether older rows at or after {@code since} were left out because a list
 *     reached the query's limit (the newest rows are kept)
 */
public record AddressHistory(String address, Instant since, List<RecordedMeasurement> measurements,
    List<RecordedLocation> locations, boolean truncated) {

  public AddressHistory {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(since, "since");
    measurements = List.copyOf(measurements);
    locations = List.copyOf(locations);
  }

  /** Whether nothing was recorded for the address since {@code since}. */
  public boolean isEmpty() {
    return measurements.isEmpty() && locations.isEmpty();
  }

  /**
   * How far the estimate of {@code locations().get(i)} lies from the previous located estimate
   * in this history, km (WGS84 geodesic); empty for the first located result and for
   * abstentions.
   */
  public OptionalDouble movedKm(int i) {
    RecordedLocation l = locations.get(i);
    if (l.estimate().isEmpty()) {
      return OptionalDouble.empty();
    }
    for (int j = i - 1; j >= 0; j--) {
      if (locations.get(j).estimate().isPresent()) {
        LatLon before = locations.get(j).estimate().get();
        return OptionalDouble.of(Geodesy.distanceKm(before, l.estimate().get()));
      }
    }
    return OptionalDouble.empty();
  }
}
