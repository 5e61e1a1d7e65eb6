package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an {@code mtr --json} report ({@code {"report":{"mtr":{src,dst,tests,psize,...},
 * "hubs":[{count, host, "Loss%", Snt, Last, Avg, Best, Wrst, StDev}]}}}). mtr keeps only summary
 * statistics per hop, so the result is a {@link TraceSummary}, not a per-probe path.
 */
final class MtrDecoder {

  private MtrDecoder() {}

  static boolean looksLike(JsonNode n) {
    JsonNode r = n.get("report");
    return r != null && r.isObject() && (r.has("hubs") || r.has("mtr"));
  }

  static TraceSummary decode(JsonNode n, long line, Problems problems) {
    JsonNode report = n.get("report");
    JsonNode mtr = report.path("mtr");
    String dst = Json.text(mtr, "dst");
    if (dst == null) {
      problems.skipped(line, "mtr report has no report.mtr.dst; skipped");
      return null;
    }
    Map<Integer, HopSummary> hops = new TreeMap<>();
    JsonNode hubs = report.get("hubs");
    if (hubs != null && hubs.isArray()) {
      for (JsonNode h : hubs) {
        int ttl = Json.integer(h, "count", -1);
        if (ttl < 1 || ttl > 255) {
          problems.degraded(line, "mtr hub with invalid count '" + Json.text(h, "count")
              + "' dropped");
          continue;
        }
        try {
          HopSummary hop = hop(h, ttl);
          if (hops.putIfAbsent(ttl, hop) != null) {
            // mtr prints extra responders of one TTL (ECMP) as further hubs with the same count.
            problems.degraded(line, "mtr hub " + ttl + " repeated (another responder at the same"
                + " TTL); only the first is kept");
          }
        } catch (IllegalArgumentException e) {
          problems.degraded(line, "mtr hub " + ttl + " dropped: " + e.getMessage());
        }
      }
    }
    return new TraceSummary(SourceFormat.MTR_JSON, line, Json.text(mtr, "src"), dst, null,
        Json.optInt(mtr, "tests"), Json.optInt(mtr, "psize"), new ArrayList<>(hops.values()));
  }

  private static HopSummary hop(JsonNode h, int ttl) {
    String host = Json.text(h, "host");
    if ("???".equals(host)) {
      host = null;
    }
    int snt = Json.integer(h, "Snt", -1);
    if (snt < 0) {
      throw new IllegalArgumentException("no Snt (probes sent)");
    }
    double lossPct = Json.num(h, "Loss%");
    if (!(lossPct >= 0 && lossPct <= 100)) {
      throw new IllegalArgumentException("Loss% must be in [0, 100], got " + Json.text(h, "Loss%"));
    }
    int received = (int) Math.round(snt * (1.0 - lossPct / 100.0));
    RttSummary stats;
    if (received == 0 || host == null) {
      stats = RttSummary.allLost(snt);
    } else {
      stats = new RttSummary(snt, received, lossPct / 100.0, Json.num(h, "Best"),
          Json.num(h, "Avg"), Json.num(h, "Wrst"), Json.num(h, "StDev"), Json.num(h, "Last"));
    }
    return new HopSummary(ttl, host, stats);
  }
}
