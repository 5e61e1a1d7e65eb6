package io.geofusion.fusion.eval;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts the WonderNetwork "day in the life of the Internet" data set (servers CSV plus grouped
 * pings CSV, 2020-07-19/20) into leave-one-out ground truth: each server with coordinates becomes
 * a target, and every other server with a measured RTT to it becomes a vantage.
 *
 * <p>Choices (docs/evaluation.md): the RTT of a pair is the minimum of the two directed rows'
 * {@code min} columns (A→B and B→A are separate rows; path RTT is symmetric, so the smaller is the
 * better bound); self-pairs and ids without coordinates (292–295) are dropped; targets are named
 * {@code wn-<id>}, vantages {@code wn-<id>}.
 */
public final class WonderNetwork {

  /** Server positions from the servers CSV, by id. */
  private final Map<Integer, LatLon> servers;
  private final Map<Long, Double> rtt;

  private WonderNetwork(Map<Integer, LatLon> servers, Map<Long, Double> rtt) {
    this.servers = servers;
    this.rtt = rtt;
  }

  /**
   * Loads a directory holding {@code servers-*.csv} and {@code pings-*-grouped.csv}.
   *
   * @throws IllegalArgumentException naming the file and line of anything malformed
   */
  public static WonderNetwork load(Path dir) throws IOException {
    Path serversCsv = find(dir, "servers-");
    Path pingsCsv = find(dir, "pings-");
    Map<Integer, LatLon> servers = new TreeMap<>();
    try (TextLines r = TextLines.open(serversCsv)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (no == 1 || line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        try {
          servers.put(Integer.parseInt(f[0].trim()),
              new LatLon(Double.parseDouble(f[8].trim()), Double.parseDouble(f[9].trim())));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(serversCsv + " line " + no
              + ": expected id,...,latitude,longitude (columns 1, 9, 10): " + e.getMessage(), e);
        }
      }
    }
    Map<Long, Double> rtt = new HashMap<>();
    try (TextLines r = TextLines.open(pingsCsv)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (no == 1 || line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        try {
          int s = Integer.parseInt(f[0].trim());
          int t = Integer.parseInt(f[1].trim());
          double min = Double.parseDouble(f[2].trim());
          if (s == t || !(min >= 0.0) || Double.isInfinite(min)) {
            continue;
          }
          rtt.merge(key(s, t), min, Math::min);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(pingsCsv + " line " + no
              + ": expected source,destination,min,avg,max,mdev: " + e.getMessage(), e);
        }
      }
    }
    return new WonderNetwork(servers, rtt);
  }

  private static Path find(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("WonderNetwork directory not found: " + dir);
    }
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)
              && p.getFileName().toString().endsWith(".csv"))
          .sorted().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no " + prefix + "*.csv in " + dir
              + " (expected the WonderNetwork servers and grouped pings CSV files)"));
    }
  }

  private static long key(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return ((long) lo << 32) | (hi & 0xffffffffL);
  }

  /** Server ids with coordinates, ascending. */
  public List<Integer> serverIds() {
    return new ArrayList<>(servers.keySet());
  }

  /** Position of a server. */
  public LatLon position(int id) {
    return servers.get(id);
  }

  /** Symmetric minimum RTT between two servers, or NaN when not measured. */
  public double rttMs(int a, int b) {
    Double v = rtt.get(key(a, b));
    return v == null ? Double.NaN : v;
  }

  /** Leave-one-out targets, one per server with coordinates, in id order. */
  public List<GroundTruthTarget> leaveOneOut() {
    List<GroundTruthTarget> out = new ArrayList<>();
    for (int t : servers.keySet()) {
      List<VantageObservation> vs = new ArrayList<>();
      for (Map.Entry<Integer, LatLon> v : servers.entrySet()) {
        if (v.getKey() == t) {
          continue;
        }
        double r = rttMs(t, v.getKey());
        if (!Double.isNaN(r)) {
          vs.add(VantageObservation.of("wn-" + v.getKey(), v.getValue(), r));
        }
      }
      out.add(new GroundTruthTarget("wn-" + t, servers.get(t), vs, null));
    }
    return out;
  }
}
