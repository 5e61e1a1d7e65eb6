package io.geofusion.cli;

import io.geofusion.formats.RttSummary;
import io.geofusion.history.AddressHistory;
import io.geofusion.history.RecordedLocation;
import io.geofusion.history.RecordedMeasurement;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code geofusion history} as text: a line saying what was found, then the RTTs over time
 * (one row per measurement) and the location over time (one row per result, with how far the
 * estimate moved from the previous one).
 */
final class HistoryText {

  private HistoryText() {}

  static void print(PrintWriter out, AddressHistory h) {
    out.println(h.address() + ": " + h.measurements().size() + " measurement(s), "
        + h.locations().size() + " location(s) since " + second(h.since())
        + (h.truncated() ? " (the newest only: older rows left out)" : ""));
    if (!h.measurements().isEmpty()) {
      out.println();
      TextTable t = new TextTable("time (UTC)", "vantage", "method", ">sent", ">recv",
          ">min_ms", ">avg_ms", ">max_ms", ">sd_ms");
      for (RecordedMeasurement m : h.measurements()) {
        Optional<RttSummary> s = m.rtt();
        t.row(second(m.at()), m.vantageId(), m.method().map(Enum::name).orElse("-"),
            s.map(x -> Integer.toString(x.sent())).orElse("-"),
            s.map(x -> Integer.toString(x.received())).orElse("-"), ms(m.minRttMs()),
            ms(s.map(RttSummary::meanMs).orElse(Double.NaN)),
            ms(s.map(RttSummary::maxMs).orElse(Double.NaN)),
            ms(s.map(RttSummary::stddevMs).orElse(Double.NaN)));
      }
      t.print(out);
    }
    if (!h.locations().isEmpty()) {
      out.println();
      TextTable t = new TextTable("time (UTC)", ">lat", ">lon", ">r50_km", ">r90_km",
          ">moved_km", "class", "alerts");
      for (int i = 0; i < h.locations().size(); i++) {
        RecordedLocation l = h.locations().get(i);
        if (l.abstained()) {
          t.row(second(l.at()), "-", "-", "-", "-", "-", l.hostClass(), "abstained (no evidence)");
          continue;
        }
        OptionalDouble moved = h.movedKm(i);
        t.row(second(l.at()), String.format(Locale.ROOT, "%.4f", l.estimate().get().lat()),
            String.format(Locale.ROOT, "%.4f", l.estimate().get().lon()), km(l.radius50Km()),
            km(l.radius90Km()), moved.isPresent() ? km(moved.getAsDouble()) : "-",
            l.hostClass(), l.alerts().isEmpty() ? "-" : String.join(",", l.alerts()));
      }
      t.print(out);
    }
    out.flush();
  }

  private static String second(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String km(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }
}
