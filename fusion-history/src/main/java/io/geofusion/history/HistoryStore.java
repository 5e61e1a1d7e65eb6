package io.geofusion.history;

import io.geofusion.formats.RttSummary;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.TemporalSmoother;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.Analysis;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.net.IpAddresses;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.rtt.RttEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Every measurement and location result per address with its time, in one DuckDB file that
 * survives restarts (docs/history.md).
 *
 * <pre>{@code
 * try (HistoryStore store = HistoryStore.builder(Path.of("history.duckdb"))
 *     .retention(Retention.keepAll().withMaxAge(Duration.ofDays(30)))
 *     .open()) {
 *   store.recordLocated(evidence, locator.locate(evidence), false);
 *   AddressHistory h = store.history("192.0.2.7", Instant.now().minus(Duration.ofDays(7)));
 * }
 * }</pre>
 *
 * <p><b>What is stored.</b> A measurement row per vantage and record ({@link RecordedMeasurement}:
 * what the library's {@link PingResult} or {@link VantageObservation} carried) and a location row
 * per result ({@link RecordedLocation}: flat columns and the host-location document exactly as
 * {@link HostReportJson#document} or {@link FusionJson#toJson} wrote it). Times are UTC with
 * microsecond precision; the store's {@link Clock} stamps everything but a live ping, which
 * carries its own start time.
 *
 * <p><b>Durability.</b> Each {@code record*} call is one transaction: when it returns, its rows
 * are committed to DuckDB's write-ahead log, and a process killed at any moment afterwards
 * (kill -9) loses none of them; a call in flight when the process dies is either all there or
 * not at all. DuckDB syncs its log on commit, so a power loss keeps the same promise as far as
 * the disk honours fsync.
 *
 * <p><b>Concurrency.</b> Safe to share across threads: writers are serialised on one connection
 * (one transaction at a time), readers each get their own connection and see a consistent
 * snapshot of committed rows (DuckDB's MVCC), never a half-written call. One process at a time:
 * DuckDB locks the file, and a second process (even read-only) gets a {@link HistoryException}
 * with {@link HistoryException.Reason#IN_USE} naming the holder's process id.
 */
public final class HistoryStore implements AutoCloseable {

  /** The history schema version this code writes; newer files are refused. */
  public static final int SCHEMA_VERSION = Schema.VERSION;

  /** The most rows of each kind one {@link #history} or {@link #latestLocations} returns. */
  public static final int MAX_ROWS_PER_QUERY = 100_000;

  private static final String INSERT_MEASUREMENT = "INSERT INTO measurements (address,"
      + " recorded_at, vantage_id, vantage_lat, vantage_lon, method, sent, received, min_rtt_ms,"
      + " avg_rtt_ms, max_rtt_ms, stddev_rtt_ms, local_delay_ms)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_LOCATION = "INSERT INTO locations (address, recorded_at,"
      + " abstained, estimate_lat, estimate_lon, radius_50_km, radius_90_km, host_class, alerts,"
      + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MEASUREMENT_COLUMNS = "id, address, recorded_at, vantage_id,"
      + " vantage_lat, vantage_lon, method, sent, received, min_rtt_ms, avg_rtt_ms, max_rtt_ms,"
      + " stddev_rtt_ms, local_delay_ms";
  private static final String LOCATION_COLUMNS = "id, address, recorded_at, abstained,"
      + " estimate_lat, estimate_lon, radius_50_km, radius_90_km, host_class, alerts, document";

  private final Path file;
  private final boolean readOnly;
  private final Clock clock;
  private final Retention retention;
  private final DuckDBConnection writerConnection;
  /** Used only to open readers' connections, so a long write never delays a reader's start. */
  private final DuckDBConnection readerSource;
  private final PreparedStatement insertMeasurement;
  private final PreparedStatement insertLocation;
  /** Read by every operation, written by {@link #close}. */
  private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
  /** One writer at a time on {@link #writerConnection}. */
  private final ReentrantLock writer = new ReentrantLock();
  private boolean closed;

  private HistoryStore(Builder b, Path file, DuckDBConnection c) throws SQLException {
    this.file = file;
    this.readOnly = b.readOnly;
    this.clock = b.clock;
    this.retention = b.retention;
    this.writerConnection = c;
    this.readerSource = c.duplicate();
    this.insertMeasurement = readOnly ? null : c.prepareStatement(INSERT_MEASUREMENT);
    this.insertLocation = readOnly ? null : c.prepareStatement(INSERT_LOCATION);
  }

  /** Opens {@code file} for reading and writing, creating it when absent; no retention. */
  public static HistoryStore open(Path file) throws HistoryException {
    return builder(file).open();
  }

  /** Opens an existing {@code file} for reading only. */
  public static HistoryStore openReadOnly(Path file) throws HistoryException {
    return builder(file).readOnly().open();
  }

  /** A builder for {@code file}: read-write, the system clock (UTC), {@link Retention#keepAll}. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The file, absolute. */
  public Path file() {
    return file;
  }

  /** Whether this store was opened read-only. */
  public boolean readOnly() {
    return readOnly;
  }

  /** The retention {@link #applyRetention()} applies. */
  public Retention retention() {
    return retention;
  }

  // ---------------------------------------------------------------- recording

  /**
   * Records a live ping of {@code ping.target()} from one vantage, at {@code ping.startedAt()}:
   * its method, sent and received counts and min/mean/max/stddev RTT ({@link RttEnvelope}).
   *
   * @param vantageId the vantage's id (e.g. {@link Analysis#LOCAL_VANTAGE})
   * @param vantage where the vantage is; empty when unknown
   */
  public void recordPing(String vantageId, Optional<LatLon> vantage, PingResult ping)
      throws HistoryException {
    write(List.of(pingRow(ping.target(), vantageId, vantage, Double.NaN, ping)));
  }

  /**
   * Records fusion evidence: one measurement per vantage observation of {@code evidence} (its
   * id, position, minimum RTT and access delay), stamped now.
   */
  public void recordEvidence(TargetEvidence evidence) throws HistoryException {
    write(evidenceRows(evidence.target(), evidence.vantages(), now()));
  }

  /**
   * Records a located host, stamped now: the flat columns of {@code report.result()} and the
   * host-location document {@link HostReportJson#document}{@code (report, anonymousIpDatabase)}.
   */
  public void recordLocation(HostReport report, boolean anonymousIpDatabase)
      throws HistoryException {
    write(List.of(locationRow(report.result(), ProductJson.toJson(
        HostReportJson.document(report, anonymousIpDatabase)), now())));
  }

  /**
   * Records a fusion result, stamped now: its flat columns and the host-location document
   * {@link FusionJson#toJson}{@code (result)}.
   */
  public void recordLocation(FusionResult result) throws HistoryException {
    write(List.of(locationRow(result, ProductJson.toJson(FusionJson.toJson(result)), now())));
  }

  /**
   * Records the evidence a host was located from and the report, in one transaction stamped
   * now: {@link #recordEvidence} and {@link #recordLocation(HostReport, boolean)} together.
   */
  public void recordLocated(TargetEvidence evidence, HostReport report,
      boolean anonymousIpDatabase) throws HistoryException {
    Instant at = now();
    List<Row> rows = new ArrayList<>(evidenceRows(evidence.target(), evidence.vantages(), at));
    rows.add(locationRow(report.result(), ProductJson.toJson(
        HostReportJson.document(report, anonymousIpDatabase)), at));
    write(rows);
  }

  /**
   * Records the vantages a result was fused from and the result, in one transaction stamped
   * now: {@code triangulate}'s shape (no host report, no GeoIP facts).
   */
  public void recordFused(List<VantageObservation> vantages, FusionResult result)
      throws HistoryException {
    Instant at = now();
    List<Row> rows = new ArrayList<>(evidenceRows(result.entity(), vantages, at));
    rows.add(locationRow(result, ProductJson.toJson(FusionJson.toJson(result)), at));
    write(rows);
  }

  /**
   * Records a live analysis in one transaction: the ping from this machine ({@link
   * Analysis#LOCAL_VANTAGE} at {@code analysis.vantage()}, with its access delay) at the ping's
   * start, and the report stamped now.
   */
  public void recordAnalysis(Analysis analysis, Analysis.Result result,
      boolean anonymousIpDatabase) throws HistoryException {
    String address = result.report().target();
    write(List.of(
        pingRow(address, Analysis.LOCAL_VANTAGE, analysis.vantage(), analysis.localDelayMs(),
            result.ping().result()),
        locationRow(result.report().result(), ProductJson.toJson(
            HostReportJson.document(result.report(), anonymousIpDatabase)), now())));
  }

  // ---------------------------------------------------------------- reading

  /**
   * What was recorded about {@code address} (an IP literal in any spelling, or a name as the
   * pipeline gave it) at or after {@code since}: measurements and
   * locations, oldest first, at most {@link #MAX_ROWS_PER_QUERY} of each (the newest; {@link
   * AddressHistory#truncated()} says when older ones were left out).
   */
  public AddressHistory history(String address, Instant since) throws HistoryException {
    return history(address, since, MAX_ROWS_PER_QUERY);
  }

  /**
   * As {@link #history(String, Instant)}, with at most {@code limit} rows of each kind.
   *
   * @param limit 1..{@link #MAX_ROWS_PER_QUERY}
   */
  public AddressHistory history(String address, Instant since, int limit)
      throws HistoryException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(since, "since");
    checkLimit(limit);
    return read(c -> {
      List<RecordedMeasurement> ms = new ArrayList<>();
      List<RecordedLocation> ls = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + MEASUREMENT_COLUMNS
          + " FROM measurements WHERE address = ? AND recorded_at >= ?"
          + " ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
        bindAddressSince(p, key(address), since, limit + 1);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            ms.add(measurement(rs));
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT " + LOCATION_COLUMNS
          + " FROM locations WHERE address = ? AND recorded_at >= ?"
          + " ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
        bindAddressSince(p, key(address), since, limit + 1);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            ls.add(location(rs));
          }
        }
      }
      boolean truncated = ms.size() > limit || ls.size() > limit;
      List<RecordedMeasurement> m = oldestFirst(ms, limit);
      List<RecordedLocation> l = oldestFirst(ls, limit);
      return new AddressHistory(key(address), since, m, l, truncated);
    });
  }

  /**
   * The newest located result (not an abstention) of every address recorded at or after
   * {@code since}, newest first, at most {@code limit}.
   *
   * @param limit 1..{@link #MAX_ROWS_PER_QUERY}
   */
  public List<RecordedLocation> latestLocations(Instant since, int limit)
      throws HistoryException {
    Objects.requireNonNull(since, "since");
    checkLimit(limit);
    return read(c -> {
      List<RecordedLocation> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + LOCATION_COLUMNS
          + " FROM locations WHERE recorded_at >= ? AND NOT abstained"
          + " QUALIFY row_number() OVER (PARTITION BY address"
          + " ORDER BY recorded_at DESC, id DESC) = 1"
          + " ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
        p.setObject(1, utc(since));
        p.setInt(2, limit);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(location(rs));
          }
        }
      }
      return out;
    });
  }

  /**
   * Seeds {@code smoother} with the newest located result of every address recorded at or after
   * {@code since} (at most {@link #MAX_ROWS_PER_QUERY}, the newest), so smoothing goes on after
   * a restart as if the process had not stopped. The smoother's clock is a monotonic ticker, so
   * each state is placed at {@code nowNanos} minus its age on this store's clock: a result
   * recorded 10 min ago is seeded at {@code nowNanos − 600e9}. The distribution is the stored
   * document's (degrees rounded to 5 decimals, km² to 0.1); the estimate is at full precision.
   * A state the smoother already holds that is newer is kept ({@link TemporalSmoother#seed}).
   *
   * @param nowNanos the smoother's clock now (the ticker its updates are stamped with)
   * @return how many entities were seeded
   */
  public int seed(TemporalSmoother smoother, Instant since, long nowNanos)
      throws HistoryException {
    Objects.requireNonNull(smoother, "smoother");
    Instant now = now();
    int n = 0;
    for (RecordedLocation l : latestLocations(since, MAX_ROWS_PER_QUERY)) {
      Optional<HostLocation> loc = l.location();
      if (loc.isEmpty() || l.estimate().isEmpty()) {
        continue;
      }
      long ageNanos = saturatedNanos(Duration.between(l.at(), now));
      smoother.seed(l.address(), l.estimate().get(), loc.get().distribution(),
          nowNanos - ageNanos);
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- retention, close

  /**
   * Deletes what {@link #retention()} does not keep, in one transaction: rows recorded before
   * now minus the maximum age, then, per address, measurements and locations beyond the newest
   * {@code maxRowsPerAddress}. Cheap when nothing is due; a server calls it periodically (e.g.
   * hourly). Freed space is reused by later writes; DuckDB returns it to the file system only
   * when a checkpoint can drop whole blocks.
   */
  public Retention.Outcome applyRetention() throws HistoryException {
    requireWritable();
    if (!retention.limited()) {
      return new Retention.Outcome(0, 0);
    }
    Instant now = now();
    return inWriteTransaction(c -> {
      long ms = 0;
      long ls = 0;
      if (retention.maxAge().isPresent()) {
        Instant cutoff = now.minus(retention.maxAge().get());
        ms += deleteBefore(c, "measurements", cutoff);
        ls += deleteBefore(c, "locations", cutoff);
      }
      if (retention.maxRowsPerAddress().isPresent()) {
        int keep = retention.maxRowsPerAddress().getAsInt();
        ms += deleteBeyond(c, "measurements", keep);
        ls += deleteBeyond(c, "locations", keep);
      }
      return new Retention.Outcome(ms, ls);
    });
  }

  /**
   * Closes the file (DuckDB checkpoints its log into it); waits for calls in progress. Idempotent.
   */
  @Override
  public void close() throws HistoryException {
    life.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      SQLException first = null;
      for (AutoCloseable a : new AutoCloseable[] {insertMeasurement, insertLocation, readerSource,
          writerConnection}) {
        try {
          if (a != null) {
            a.close();
          }
        } catch (SQLException e) {
          first = first == null ? e : first;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      if (first != null) {
        throw failed("cannot close history " + file, first);
      }
    } finally {
      life.writeLock().unlock();
    }
  }

  // ---------------------------------------------------------------- rows

  /** One row to insert. */
  private sealed interface Row permits MeasurementRow, LocationRow {}

  private record MeasurementRow(String address, Instant at, String vantageId, LatLon vantage,
      ProbeMethod method, RttEnvelope envelope, double minRttMs, double localDelayMs)
      implements Row {}

  private record LocationRow(String address, Instant at, FusionResult result, String document)
      implements Row {}

  private static MeasurementRow pingRow(String address, String vantageId,
      Optional<LatLon> vantage, double localDelayMs, PingResult ping) {
    Objects.requireNonNull(vantageId, "vantageId");
    RttEnvelope e = ping.envelope();
    return new MeasurementRow(key(address), ping.startedAt(), vantageId, vantage.orElse(null),
        ping.method(), e, e.minMs(), localDelayMs);
  }

  private static List<Row> evidenceRows(String address, List<VantageObservation> vantages,
      Instant at) {
    List<Row> rows = new ArrayList<>();
    for (VantageObservation v : vantages) {
      rows.add(new MeasurementRow(key(address), at, v.id(), v.location(), null, null,
          v.minRttMs(), v.localDelayMs()));
    }
    return rows;
  }

  private static LocationRow locationRow(FusionResult r, String document, Instant at) {
    return new LocationRow(key(r.entity()), at, r, document);
  }

  /**
   * The address as stored and looked up: an IP literal in its canonical text ({@link
   * IpAddresses#canonical}: {@code 2001:DB8::1} and {@code 2001:db8:0::1} are one address), any
   * other name as given.
   */
  static String key(String address) {
    return IpAddresses.canonical(address).orElse(address);
  }

  private void write(List<Row> rows) throws HistoryException {
    requireWritable();
    if (rows.isEmpty()) {
      return;
    }
    inWriteTransaction(c -> {
      for (Row r : rows) {
        if (r instanceof MeasurementRow m) {
          insert(m);
        } else {
          insert((LocationRow) r);
        }
      }
      return null;
    });
  }

  private void insert(MeasurementRow m) throws SQLException {
    PreparedStatement p = insertMeasurement;
    p.setString(1, m.address());
    p.setObject(2, utc(m.at()));
    p.setString(3, m.vantageId());
    setDouble(p, 4, m.vantage() == null ? Double.NaN : m.vantage().lat());
    setDouble(p, 5, m.vantage() == null ? Double.NaN : m.vantage().lon());
    if (m.method() == null) {
      p.setNull(6, Types.VARCHAR);
    } else {
      p.setString(6, m.method().name());
    }
    RttEnvelope e = m.envelope();
    if (e == null) {
      p.setNull(7, Types.INTEGER);
      p.setNull(8, Types.INTEGER);
    } else {
      p.setInt(7, e.sent());
      p.setInt(8, e.received());
    }
    setDouble(p, 9, m.minRttMs());
    setDouble(p, 10, e == null ? Double.NaN : e.meanMs());
    setDouble(p, 11, e == null ? Double.NaN : e.maxMs());
    setDouble(p, 12, e == null ? Double.NaN : e.stddevMs());
    setDouble(p, 13, m.localDelayMs());
    p.executeUpdate();
  }

  private void insert(LocationRow l) throws SQLException {
    PreparedStatement p = insertLocation;
    FusionResult r = l.result();
    p.setString(1, l.address());
    p.setObject(2, utc(l.at()));
    boolean located = r instanceof FusionResult.Located;
    p.setBoolean(3, !located);
    if (r instanceof FusionResult.Located x) {
      p.setDouble(4, x.estimate().lat());
      p.setDouble(5, x.estimate().lon());
      p.setDouble(6, x.circle50().radiusKm());
      p.setDouble(7, x.circle90().radiusKm());
    } else {
      for (int i = 4; i <= 7; i++) {
        p.setNull(i, Types.DOUBLE);
      }
    }
    p.setString(8, r.hostClass().label().jsonName());
    List<String> types = new ArrayList<>();
    for (FusionAlert a : r.alerts()) {
      types.add(a.type().jsonName());
    }
    p.setString(9, String.join(",", types));
    p.setString(10, l.document());
    p.executeUpdate();
  }

  private static RecordedMeasurement measurement(ResultSet rs) throws SQLException {
    double vlat = dbl(rs, "vantage_lat");
    double vlon = dbl(rs, "vantage_lon");
    Optional<LatLon> vantage = Double.isNaN(vlat) || Double.isNaN(vlon) ? Optional.empty()
        : Optional.of(new LatLon(vlat, vlon));
    String method = rs.getString("method");
    Object sent = rs.getObject("sent");
    Object received = rs.getObject("received");
    double min = dbl(rs, "min_rtt_ms");
    Optional<RttSummary> rtt = Optional.empty();
    if (sent != null && received != null) {
      int s = ((Number) sent).intValue();
      int r = ((Number) received).intValue();
      rtt = Optional.of(new RttSummary(s, r, s == 0 ? 0.0 : 1.0 - (double) r / s, min,
          dbl(rs, "avg_rtt_ms"), dbl(rs, "max_rtt_ms"), dbl(rs, "stddev_rtt_ms"), Double.NaN));
    }
    return new RecordedMeasurement(rs.getLong("id"), instant(rs, "recorded_at"),
        rs.getString("address"), rs.getString("vantage_id"), vantage,
        method == null ? Optional.empty() : Optional.of(ProbeMethod.valueOf(method)), rtt, min,
        dbl(rs, "local_delay_ms"));
  }

  private static RecordedLocation location(ResultSet rs) throws SQLException {
    boolean abstained = rs.getBoolean("abstained");
    Optional<LatLon> estimate = abstained ? Optional.empty()
        : Optional.of(new LatLon(dbl(rs, "estimate_lat"), dbl(rs, "estimate_lon")));
    String alerts = rs.getString("alerts");
    return new RecordedLocation(rs.getLong("id"), instant(rs, "recorded_at"),
        rs.getString("address"), estimate, dbl(rs, "radius_50_km"), dbl(rs, "radius_90_km"),
        rs.getString("host_class"),
        alerts.isEmpty() ? List.of() : List.of(alerts.split(",")), rs.getString("document"));
  }

  // ---------------------------------------------------------------- plumbing

  /** A unit of work on a connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inWriteTransaction(Work<T> work) throws HistoryException {
    life.readLock().lock();
    try {
      requireOpen();
      writer.lock();
      try {
        DuckDBConnection c = writerConnection;
        c.setAutoCommit(false);
        try {
          T t = work.run(c);
          c.commit();
          return t;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e);
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } finally {
        writer.unlock();
      }
    } catch (SQLException e) {
      throw failed("cannot write history " + file, e);
    } finally {
      life.readLock().unlock();
    }
  }

  private <T> T read(Work<T> work) throws HistoryException {
    life.readLock().lock();
    try {
      requireOpen();
      try (Connection c = readerSource.duplicate()) {
        // One transaction, so every query of a call sees the same snapshot.
        c.setAutoCommit(false);
        try {
          return work.run(c);
        } finally {
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read history " + file, e);
    } finally {
      life.readLock().unlock();
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void requireOpen() throws HistoryException {
    if (closed) {
      throw new HistoryException(HistoryException.Reason.FAILED, "history " + file
          + " is closed", null);
    }
  }

  private void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("history " + file + " was opened read-only");
    }
  }

  private HistoryException failed(String what, SQLException e) {
    return new HistoryException(HistoryException.Reason.FAILED, what + ": "
        + OpenErrors.firstLine(e.getMessage()), e);
  }

  private Instant now() {
    return clock.instant();
  }

  private static long deleteBefore(Connection c, String table, Instant cutoff)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table
        + " WHERE recorded_at < ?")) {
      p.setObject(1, utc(cutoff));
      return p.executeLargeUpdate();
    }
  }

  private static long deleteBeyond(Connection c, String table, int keep) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE id IN"
        + " (SELECT id FROM " + table + " QUALIFY row_number() OVER (PARTITION BY address"
        + " ORDER BY recorded_at DESC, id DESC) > ?)")) {
      p.setInt(1, keep);
      return p.executeLargeUpdate();
    }
  }

  private static void bindAddressSince(PreparedStatement p, String address, Instant since,
      int limit) throws SQLException {
    p.setString(1, address);
    p.setObject(2, utc(since));
    p.setInt(3, limit);
  }

  private static <T> List<T> oldestFirst(List<T> newestFirst, int limit) {
    List<T> out = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    Collections.reverse(out);
    return out;
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_ROWS_PER_QUERY) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_ROWS_PER_QUERY
          + "], got " + limit);
    }
  }

  /** An instant as DuckDB's TIMESTAMP (UTC, microseconds; earlier than year 1 is clamped). */
  private static LocalDateTime utc(Instant at) {
    Instant min = Instant.parse("0001-01-01T00:00:00Z");
    Instant t = at.isBefore(min) ? min : at;
    return LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
  }

  private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
    if (Double.isNaN(v)) {
      p.setNull(i, Types.DOUBLE);
    } else {
      p.setDouble(i, v);
    }
  }

  private static double dbl(ResultSet rs, String column) throws SQLException {
    Object o = rs.getObject(column);
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }

  private static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  /**
   * Configures and opens a {@link HistoryStore}; not thread-safe.
   */
  public static final class Builder {
    private final Path file;
    private boolean readOnly;
    private Clock clock = Clock.systemUTC();
    private Retention retention = Retention.keepAll();
    private String checkpointThreshold;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "history file must not be null");
    }

    /** Opens for reading only: the file must exist; {@code record*} calls are refused. */
    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    /** The clock that stamps records and measures ages (default: the system clock, UTC). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock must not be null");
      return this;
    }

    /** What {@link HistoryStore#applyRetention()} keeps (default: everything). */
    public Builder retention(Retention r) {
      this.retention = Objects.requireNonNull(r, "retention must not be null");
      return this;
    }

    /**
     * Test seam: DuckDB's {@code checkpoint_threshold} (e.g. {@code "1KB"}, so nearly every
     * commit also checkpoints the log into the file), to kill a writer mid-checkpoint.
     */
    Builder checkpointThreshold(String size) {
      if (!size.matches("\\d{1,9}(B|KB|MB|GB)")) {
        throw new IllegalArgumentException("checkpoint threshold like 1KB, got " + size);
      }
      this.checkpointThreshold = size;
      return this;
    }

    /**
     * Opens the file, creating it and its tables when absent (read-write).
     *
     * @throws HistoryException when the file is missing (read-only) or its folder is, another
     *     process holds it, it is not a GeoFusion history, or it is newer than this code
     */
    public HistoryStore open() throws HistoryException {
      Path f = file.toAbsolutePath().normalize();
      if (readOnly && !Files.exists(f)) {
        throw new HistoryException(HistoryException.Reason.NOT_FOUND, "history " + f
            + " not found: record into it first (geofusion analyze ... --db " + file
            + ", or geofusion serve --db " + file + ")", null);
      }
      Path parent = f.getParent();
      if (!readOnly && parent != null && !Files.isDirectory(parent)) {
        throw new HistoryException(HistoryException.Reason.NOT_FOUND, "cannot create history "
            + f + ": folder " + parent + " does not exist", null);
      }
      if (Files.exists(f) && !Files.isRegularFile(f)) {
        throw new HistoryException(HistoryException.Reason.CORRUPT, "history " + f
            + " is not a regular file", null);
      }
      Properties p = new Properties();
      if (readOnly) {
        p.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
      }
      // Offline and reproducible: never download or load an extension behind our back.
      p.setProperty("autoinstall_known_extensions", "false");
      p.setProperty("autoload_known_extensions", "false");
      DuckDBConnection c;
      try {
        c = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + f, p);
      } catch (SQLException e) {
        throw OpenErrors.classify(f, e);
      } catch (LinkageError e) {
        throw new HistoryException(HistoryException.Reason.FAILED, "cannot open history " + f
            + ": DuckDB's native library does not load on this platform (" + e + ")", null);
      }
      try {
        Schema.prepare(c, f, readOnly);
        if (checkpointThreshold != null) {
          try (Statement st = c.createStatement()) {
            st.execute("SET checkpoint_threshold = '" + checkpointThreshold + "'");
          }
        }
        return new HistoryStore(this, f, c);
      } catch (SQLException e) {
        closeQuietly(c);
        throw OpenErrors.classify(f, e);
      } catch (HistoryException | RuntimeException e) {
        closeQuietly(c);
        throw e;
      }
    }

    private static void closeQuietly(Connection c) {
      try {
        c.close();
      } catch (SQLException e) {
        // already failing: the first error is the one to report
      }
    }
  }
}
