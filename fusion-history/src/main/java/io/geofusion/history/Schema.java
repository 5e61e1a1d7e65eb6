package io.geofusion.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The history file's tables (docs/history.md, "Schema") and the check of their version. A file
 * whose {@code geofusion_meta.schema_version} is above {@link #VERSION} is refused, never
 * changed; version 1 is the first.
 */
final class Schema {

  /** The schema version this code writes and reads. */
  static final int VERSION = 1;

  /** The tables of version 1, in creation order (one transaction). */
  private static final List<String> DDL = List.of(
      "CREATE TABLE geofusion_meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL)",
      "CREATE SEQUENCE history_ids START 1",
      "CREATE TABLE measurements ("
          + "id BIGINT NOT NULL DEFAULT nextval('history_ids'),"
          + " address VARCHAR NOT NULL,"
          + " recorded_at TIMESTAMP NOT NULL,"
          + " vantage_id VARCHAR NOT NULL,"
          + " vantage_lat DOUBLE,"
          + " vantage_lon DOUBLE,"
          + " method VARCHAR,"
          + " sent INTEGER,"
          + " received INTEGER,"
          + " min_rtt_ms DOUBLE,"
          + " avg_rtt_ms DOUBLE,"
          + " max_rtt_ms DOUBLE,"
          + " stddev_rtt_ms DOUBLE,"
          + " local_delay_ms DOUBLE)",
      "CREATE TABLE locations ("
          + "id BIGINT NOT NULL DEFAULT nextval('history_ids'),"
          + " address VARCHAR NOT NULL,"
          + " recorded_at TIMESTAMP NOT NULL,"
          + " abstained BOOLEAN NOT NULL,"
          + " estimate_lat DOUBLE,"
          + " estimate_lon DOUBLE,"
          + " radius_50_km DOUBLE,"
          + " radius_90_km DOUBLE,"
          + " host_class VARCHAR NOT NULL,"
          + " alerts VARCHAR NOT NULL,"
          + " document VARCHAR NOT NULL)");

  private Schema() {}

  /**
   * Creates the tables in an empty database (read-write), or checks the version of an existing
   * history.
   *
   * @throws HistoryException when the file is another database, an empty one opened read-only,
   *     or a newer schema
   */
  static void prepare(Connection c, Path file, boolean readOnly)
      throws SQLException, HistoryException {
    Set<String> tables = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = 'main'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    if (tables.isEmpty()) {
      if (readOnly) {
        throw new HistoryException(HistoryException.Reason.CORRUPT, file + " holds no"
            + " GeoFusion history (an empty database): record into it first, e.g. geofusion"
            + " analyze ... --db " + file, null);
      }
      create(c);
      return;
    }
    if (!tables.contains("geofusion_meta")) {
      throw new HistoryException(HistoryException.Reason.CORRUPT, file + " is a DuckDB"
          + " database but not a GeoFusion history (it has no geofusion_meta table): give"
          + " another --db file", null);
    }
    int version = version(c, file);
    if (version > VERSION) {
      throw new HistoryException(HistoryException.Reason.TOO_NEW, file + " has history schema"
          + " version " + version + ", newer than this geofusion reads (" + VERSION + "):"
          + " use a newer geofusion", null);
    }
    if (version < 1 || !tables.containsAll(List.of("measurements", "locations"))) {
      throw new HistoryException(HistoryException.Reason.CORRUPT, file + " has a damaged"
          + " GeoFusion history (schema version " + version + ", tables " + tables + ")", null);
    }
  }

  private static void create(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO geofusion_meta VALUES ('schema_version', ?)")) {
        p.setString(1, Integer.toString(VERSION));
        p.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static int version(Connection c, Path file) throws SQLException, HistoryException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT value FROM geofusion_meta WHERE key = 'schema_version'")) {
      if (!rs.next()) {
        throw new HistoryException(HistoryException.Reason.CORRUPT, file + " has no history"
            + " schema version (geofusion_meta.schema_version is missing)", null);
      }
      String v = rs.getString(1);
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new HistoryException(HistoryException.Reason.CORRUPT, file + " has a history"
            + " schema version that is not a number: '" + v + "'", e);
      }
    }
  }
}
