package io.geofusion.it.modulepath;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.history.HistoryStore;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.map.HtmlReport;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.Prober;
import io.geofusion.probe.backend.Probers;
import io.geofusion.rtt.Bestline;
import io.geofusion.rtt.Landmark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Calls that reach each library fusion-core carries or requires: GeographicLib (geodesics) and
 * commons-math3 (the bestline's simplex), both relocated inside fusion-core's jar, and JTS
 * (circle polygons); plus fusion-probe's exported factory and, through it, JNA; fusion-map's
 * report, which reads the page's files from inside its own module; and fusion-history's store
 * and, through it, DuckDB's JDBC driver and native library.
 */
public final class LibraryUse {

  private LibraryUse() {}

  /**
   * The Amsterdam-Frankfurt geodesic distance in km.
   *
   * @return about 364 km
   */
  public static double amsterdamFrankfurtKm() {
    return Geodesy.distanceKm(LatLon.of(52.37, 4.90), LatLon.of(50.11, 8.68));
  }

  /**
   * The speed of a bestline fitted to three landmarks.
   *
   * @return km per RTT millisecond
   */
  public static double bestlineKmPerRttMs() {
    return Bestline.fit(List.of(new Landmark(100, 2.0), new Landmark(1000, 12.0),
        new Landmark(2000, 25.0))).kmPerRttMs();
  }

  /**
   * Whether a 500 km circle's polygon contains its centre.
   *
   * @return true
   */
  public static boolean circlePolygonContainsCentre() {
    LatLon berlin = LatLon.of(52.52, 13.40);
    return GeoCircle.of(berlin, 500).polygon().contains(berlin);
  }

  /**
   * The name of the TCP-connect backend, looked up through fusion-probe.
   *
   * @return {@code tcp-connect}
   */
  public static String tcpBackendName() {
    return Probers.byName("tcp-connect").name();
  }

  /**
   * Why the native datagram backend could not send UDP pings here; it opens and closes a UDP
   * socket through JNA, sending nothing.
   *
   * @return empty on Linux, where unprivileged UDP sockets always open
   */
  public static Optional<String> nativeUdpPingUnavailableReason() {
    return Probers.byName("native-dgram").unavailableReason(Prober.Operation.PING,
        ProbeMethod.UDP, false);
  }

  /**
   * An empty HTML map, which inlines Leaflet, the basemap and the drawing code read from
   * fusion-map's own resources.
   *
   * @return the page's HTML, about 290 kB
   */
  public static String emptyHtmlMap() {
    return HtmlReport.toHtml("module path", new GeoJsonCollection(), List.of());
  }

  /**
   * Records one fused result into a new history file in {@code dir} and reads it back.
   *
   * @return how many location results the file holds afterwards: 1
   */
  public static int historyRoundTrip(Path dir) throws IOException {
    FusionInput in = FusionInput.builder("192.0.2.7")
        .vantage(VantageObservation.of("fra", LatLon.of(50.11, 8.68), 10.0)).build();
    Path file = dir.resolve("history.duckdb");
    try (HistoryStore store = HistoryStore.open(file)) {
      store.recordFused(in.vantages(), FusionEngine.create().fuse(in));
    }
    try (HistoryStore store = HistoryStore.openReadOnly(file)) {
      return store.history("192.0.2.7", Instant.EPOCH).locations().size();
    }
  }
}
