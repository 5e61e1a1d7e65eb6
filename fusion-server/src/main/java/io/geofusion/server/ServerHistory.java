package io.geofusion.server;

import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.TemporalSmoother;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.history.HistoryException;
import io.geofusion.history.HistoryStore;
import io.geofusion.history.RecordedLocation;
import io.geofusion.history.Times;
import io.geofusion.history.json.HistoryJson;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.Analysis;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A history file wired into the server ({@link GeoFusionServer.Builder#history}): every
 * {@code POST /v1/locate} target (vantages and result, one transaction) and every {@code POST
 * /v1/analyze} (ping and report) is recorded before the response is sent, so a client that asks
 * {@code GET /v1/history/{address}} after its request sees it; {@code GET /v1/locations} is
 * seeded at start-up from the newest located result of each address; retention is applied at
 * start-up and then every {@code retentionPeriod}. The store is the caller's (closed after the
 * server). Thread-safe (the store serialises its writes).
 */
final class ServerHistory implements ServerListener {

  /** The route of the history endpoint. */
  static final String PATH = "/v1/history/{address}";

  private final HistoryStore store;
  private final boolean anonymousIpDatabase;
  private final Duration retentionPeriod;
  private final AtomicLong retentionFailures = new AtomicLong();
  private ScheduledExecutorService retention;

  ServerHistory(HistoryStore store, boolean anonymousIpDatabase, Duration retentionPeriod) {
    this.store = store;
    this.anonymousIpDatabase = anonymousIpDatabase;
    this.retentionPeriod = retentionPeriod;
  }

  @Override
  public void onFused(String target, List<VantageObservation> vantages, FusionResult result,
      Instant at) {
    try {
      store.recordFused(vantages, result);
    } catch (HistoryException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onAnalysis(Analysis analysis, Analysis.Result result, Instant at) {
    try {
      store.recordAnalysis(analysis, result, anonymousIpDatabase);
    } catch (HistoryException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /v1/history/{address}?since=T}: the document of {@code geofusion history --json}. */
  String history(ExtraRoute.Request r) throws HistoryException {
    Instant since = Instant.EPOCH;
    String s = r.queryParams().get("since");
    if (s != null) {
      try {
        since = Times.since(s, Instant.now());
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "since: " + Endpoints.oneLine(e));
      }
    }
    return ProductJson.toJson(HistoryJson.document(store.history(r.pathParams().get("address"),
        since)));
  }

  /**
   * Seeds {@code smoother} with the newest located result of every address the file holds (at
   * most {@link HistoryStore#MAX_ROWS_PER_QUERY}; retention bounds their age) and returns those
   * results' documents by address.
   */
  Map<String, String> seed(TemporalSmoother smoother, long nowNanos) throws HistoryException {
    Instant since = Instant.EPOCH;
    store.seed(smoother, since, nowNanos);
    Map<String, String> docs = new LinkedHashMap<>();
    for (RecordedLocation l : store.latestLocations(since, HistoryStore.MAX_ROWS_PER_QUERY)) {
      docs.put(l.address(), l.document());
    }
    return docs;
  }

  /** Applies retention now, then every period on a daemon thread. */
  void startRetention() throws HistoryException {
    if (!store.retention().limited()) {
      return;
    }
    store.applyRetention();
    retention = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "geofusion-history-retention");
      t.setDaemon(true);
      return t;
    });
    long ms = retentionPeriod.toMillis();
    retention.scheduleWithFixedDelay(() -> {
      try {
        store.applyRetention();
      } catch (HistoryException | RuntimeException e) {
        retentionFailures.incrementAndGet(); // tried again next period
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Failed periodic retention runs. */
  long retentionFailures() {
    return retentionFailures.get();
  }

  /** Stops the retention thread (the store stays open: the caller's). */
  void close() {
    if (retention != null) {
      retention.shutdownNow();
    }
  }
}
