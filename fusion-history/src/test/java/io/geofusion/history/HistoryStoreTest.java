package io.geofusion.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.HostClassification;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.TemporalSmoother;
import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.HostReport;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.TimestampSource;
import io.geofusion.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;

  private HistoryStore open(TestClock clock) throws HistoryException {
    return HistoryStore.builder(dir.resolve("h.duckdb")).clock(clock).open();
  }

  @Test
  void recordLocated_survivesReopen_withEveryColumnAndTheWritersDocument() throws Exception {
    TestClock clock = new TestClock(T0);
    TargetEvidence e = Fixtures.evidence("192.0.2.7", "v", 12.0, 9.5);
    HostReport r = Fixtures.report(e);
    try (HistoryStore s = open(clock)) {
      s.recordLocated(e, r, false);
    }
    try (HistoryStore s = HistoryStore.openReadOnly(dir.resolve("h.duckdb"))) {
      AddressHistory h = s.history("192.0.2.7", Instant.EPOCH);
      assertThat(h.measurements()).hasSize(2);
      RecordedMeasurement m = h.measurements().get(0);
      assertThat(m.at()).isEqualTo(T0);
      assertThat(m.vantageId()).isEqualTo("v-fra");
      assertThat(m.vantage()).contains(Fixtures.FRANKFURT);
      assertThat(m.minRttMs()).isEqualTo(12.0);
      assertThat(m.localDelayMs()).isEqualTo(0.5);
      assertThat(m.method()).isEmpty();
      assertThat(m.rtt()).isEmpty();
      assertThat(h.locations()).hasSize(1);
      RecordedLocation l = h.locations().get(0);
      FusionResult.Located located = (FusionResult.Located) r.result();
      assertThat(l.estimate()).contains(located.estimate());
      assertThat(l.radius50Km()).isEqualTo(located.circle50().radiusKm());
      assertThat(l.radius90Km()).isEqualTo(located.circle90().radiusKm());
      assertThat(l.hostClass()).isEqualTo(located.hostClass().label().jsonName());
      assertThat(l.document()).isEqualTo(io.geofusion.json.ProductJson.toJson(
          io.geofusion.json.HostReportJson.document(r, false)));
      HostLocation back = l.location().orElseThrow();
      assertThat(back.distribution().components()).hasSameSizeAs(
          located.distribution().components());
      assertThat(Geodesy.distanceKm(back.bestGuess(), located.location().bestGuess()))
          .isLessThan(0.01);
    }
  }

  @Test
  void recordPing_keepsMethodCountsAndStatistics() throws Exception {
    TestClock clock = new TestClock(T0);
    Instant started = T0.plusSeconds(5);
    PingResult ping = new PingResult("192.0.2.9", ProbeMethod.TCP, "tcp-connect",
        TimestampSource.USER_SPACE, started, Arrays.asList(10.0, Double.NaN, 14.0, 12.0),
        Arrays.asList("192.0.2.9", null, "192.0.2.9", "192.0.2.9"));
    try (HistoryStore s = open(clock)) {
      s.recordPing("local", Optional.empty(), ping);
      RecordedMeasurement m = s.history("192.0.2.9", T0).measurements().get(0);
      assertThat(m.at()).isEqualTo(started);
      assertThat(m.method()).contains(ProbeMethod.TCP);
      assertThat(m.vantage()).isEmpty();
      assertThat(m.rtt()).isPresent();
      assertThat(m.rtt().get().sent()).isEqualTo(4);
      assertThat(m.rtt().get().received()).isEqualTo(3);
      assertThat(m.rtt().get().lossRatio()).isEqualTo(0.25);
      assertThat(m.rtt().get().minMs()).isEqualTo(10.0);
      assertThat(m.rtt().get().meanMs()).isEqualTo(12.0);
      assertThat(m.rtt().get().maxMs()).isEqualTo(14.0);
      assertThat(m.rtt().get().stddevMs()).isEqualTo(ping.envelope().stddevMs());
      assertThat(m.localDelayMs()).isNaN();
    }
  }

  @Test
  void recordLocation_ofAnAbstention_hasNoEstimateAndNoLocation() throws Exception {
    try (HistoryStore s = open(new TestClock(T0))) {
      s.recordLocation(new FusionResult.Abstained("192.0.2.1", Map.of(), List.of(),
          HostClassification.UNKNOWN));
      RecordedLocation l = s.history("192.0.2.1", T0).locations().get(0);
      assertThat(l.abstained()).isTrue();
      assertThat(l.radius90Km()).isNaN();
      assertThat(l.location()).isEmpty();
      assertThat(s.latestLocations(T0, 10)).isEmpty();
    }
  }

  @Test
  void history_since_leavesOutOlderRows_andLimitKeepsTheNewest() throws Exception {
    TestClock clock = new TestClock(T0);
    try (HistoryStore s = open(clock)) {
      for (int i = 0; i < 5; i++) {
        s.recordFused(List.of(), Fixtures.located("192.0.2.7", LatLon.of(50 + i, 8), 10, 30));
        clock.advance(Duration.ofHours(1));
      }
      AddressHistory h = s.history("192.0.2.7", T0.plus(Duration.ofHours(2)));
      assertThat(h.locations()).extracting(RecordedLocation::at).containsExactly(
          T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)),
          T0.plus(Duration.ofHours(4)));
      assertThat(h.truncated()).isFalse();
      assertThat(h.movedKm(0)).isEmpty();
      assertThat(h.movedKm(1).getAsDouble()).isBetween(100.0, 120.0);
      AddressHistory two = s.history("192.0.2.7", T0, 2);
      assertThat(two.truncated()).isTrue();
      assertThat(two.locations()).extracting(l -> l.estimate().get().lat())
          .containsExactly(53.0, 54.0);
      assertThat(s.history("192.0.2.99", T0).isEmpty()).isTrue();
    }
  }

  @Test
  void applyRetention_deletesByAgeAndByCountPerAddress() throws Exception {
    TestClock clock = new TestClock(T0);
    Path f = dir.resolve("h.duckdb");
    try (HistoryStore s = HistoryStore.builder(f).clock(clock).retention(Retention.keepAll()
        .withMaxAge(Duration.ofDays(7)).withMaxRowsPerAddress(3)).open()) {
      for (int day = 0; day < 10; day++) {
        for (String a : List.of("192.0.2.1", "192.0.2.2")) {
          s.recordFused(List.of(new io.geofusion.fusion.VantageObservation("v", Fixtures.LONDON,
              5.0 + day, 0.0)), Fixtures.located(a, Fixtures.LONDON, 10, 20));
        }
        clock.advance(Duration.ofDays(1));
      }
      // now = day 10: age keeps days 3..9 (7 rows each), count keeps the newest 3.
      Retention.Outcome o = s.applyRetention();
      assertThat(o.measurements()).isEqualTo(14);
      assertThat(o.locations()).isEqualTo(14);
      AddressHistory h = s.history("192.0.2.1", Instant.EPOCH);
      assertThat(h.measurements()).extracting(RecordedMeasurement::minRttMs)
          .containsExactly(12.0, 13.0, 14.0);
      assertThat(h.locations()).hasSize(3);
      assertThat(s.applyRetention()).isEqualTo(new Retention.Outcome(0, 0));
    }
  }

  @Test
  void latestLocations_andSeed_restoreTheSmootherAtTheRightAge() throws Exception {
    TestClock clock = new TestClock(T0);
    try (HistoryStore s = open(clock)) {
      s.recordFused(List.of(), Fixtures.located("a", Fixtures.LONDON, 10, 30));
      clock.advance(Duration.ofMinutes(5));
      s.recordFused(List.of(), Fixtures.located("a", Fixtures.AMSTERDAM, 10, 30));
      s.recordFused(List.of(), Fixtures.located("b", Fixtures.FRANKFURT, 10, 30));
      clock.advance(Duration.ofMinutes(10));
      assertThat(s.latestLocations(T0, 10)).extracting(RecordedLocation::address)
          .containsExactlyInAnyOrder("a", "b");
      TemporalSmoother smoother = new TemporalSmoother(600, 4, 100);
      long nowNanos = 1_000_000_000_000L;
      assertThat(s.seed(smoother, T0, nowNanos)).isEqualTo(2);
      TemporalSmoother.Smoothed a = smoother.current("a").orElseThrow();
      assertThat(a.estimate()).isEqualTo(Fixtures.AMSTERDAM);
      assertThat(a.atNanos()).isEqualTo(nowNanos - Duration.ofMinutes(10).toNanos());
      // A newer state held by the smoother is kept.
      TemporalSmoother.Smoothed updated =
          smoother.update(Fixtures.located("b", Fixtures.LONDON, 10, 30), nowNanos);
      s.seed(smoother, T0, nowNanos);
      assertThat(smoother.current("b")).contains(updated);
    }
  }

  @Test
  void open_refusesANewerSchema_withOneLine() throws Exception {
    Path f = dir.resolve("h.duckdb");
    HistoryStore.open(f).close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + f);
        Statement st = c.createStatement()) {
      st.execute("UPDATE geofusion_meta SET value = '2' WHERE key = 'schema_version'");
    }
    assertThatThrownBy(() -> HistoryStore.openReadOnly(f))
        .isInstanceOfSatisfying(HistoryException.class, e -> {
          assertThat(e.reason()).isEqualTo(HistoryException.Reason.TOO_NEW);
          assertThat(e.getMessage()).doesNotContain("\n")
              .contains("schema version 2, newer than this geofusion reads (1)");
        });
  }

  @Test
  void open_ofAFileThatIsNotDuckDb_isCorrupt() throws Exception {
    Path f = dir.resolve("notes.duckdb");
    Files.writeString(f, "these are not the bytes of a database\n".repeat(200));
    assertThatThrownBy(() -> HistoryStore.openReadOnly(f))
        .isInstanceOfSatisfying(HistoryException.class, e -> {
          assertThat(e.reason()).isEqualTo(HistoryException.Reason.CORRUPT);
          assertThat(e.getMessage()).doesNotContain("\n").startsWith(f.toString());
        });
    assertThatThrownBy(() -> HistoryStore.open(f)).isInstanceOf(HistoryException.class);
    assertThat(Files.readString(f)).startsWith("these are not");
  }

  @Test
  void open_ofAnotherDuckDbDatabase_saysItIsNotAHistory() throws Exception {
    Path f = dir.resolve("other.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + f);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (x INTEGER)");
    }
    assertThatThrownBy(() -> HistoryStore.open(f))
        .isInstanceOfSatisfying(HistoryException.class, e -> {
          assertThat(e.reason()).isEqualTo(HistoryException.Reason.CORRUPT);
          assertThat(e.getMessage()).contains("not a GeoFusion history");
        });
  }

  @Test
  void openReadOnly_ofAMissingFile_isNotFound_andCreatesNothing() {
    Path f = dir.resolve("missing.duckdb");
    assertThatThrownBy(() -> HistoryStore.openReadOnly(f))
        .isInstanceOfSatisfying(HistoryException.class, e ->
            assertThat(e.reason()).isEqualTo(HistoryException.Reason.NOT_FOUND));
    assertThat(f).doesNotExist();
    assertThatThrownBy(() -> HistoryStore.open(dir.resolve("no/such/folder/h.duckdb")))
        .isInstanceOfSatisfying(HistoryException.class, e ->
            assertThat(e.getMessage()).contains("does not exist"));
  }

  @Test
  void readOnlyStore_refusesWrites_andClosedStoreFails() throws Exception {
    Path f = dir.resolve("h.duckdb");
    HistoryStore.open(f).close();
    HistoryStore s = HistoryStore.openReadOnly(f);
    assertThatThrownBy(() -> s.recordLocation(Fixtures.located("a", Fixtures.LONDON, 1, 2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
    s.close();
    s.close();
    assertThatThrownBy(() -> s.history("a", Instant.EPOCH))
        .isInstanceOf(HistoryException.class).hasMessageContaining("closed");
  }
}
