package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decodes an {@code mtr --json} report ({@code {"report":{"mtr":{src,dst,tests,psize,...},
 * "hubs":[{count, host, "Loss%", Snt, Last, Avg, Best, Wrst, StDev}]}}}). mtr keeps only summary
 * statistics per hop, so the result is a {@link TraceSummary}, not a per-probe path.
 *
 * <p><b>Reachability without DNS.</b> Without {@code -n} mtr records host names, and {@code dst}
 * is the target as the user typed it (a name or a literal); GeoFusion never resolves names, so
 * comparing addresses cannot tell whether the destination answered. mtr's own hub list can: it
 * prints hops up to {@code net_max()} (mtr {@code net.c}), which ends the list at the first hop
 * whose address <em>is</em> the destination's, and otherwise one hop after the last hop that
 * answered — an unanswered {@code ???} hub. Hence {@link #reached}: the destination answered when
 * some hub names it ({@code host} equals {@code dst}, as text or as the same address), or when the
 * report's last hub answered. Two cases stay undecided ({@code null}, so the analysis compares
 * addresses and, for names, reports the destination unreached): a list of 30 or more hubs (mtr's
 * default {@code --max-ttl} is 30, and the hop at the limit is printed without checking it), and a
 * report whose last hubs were dropped as malformed. A last hub that answered from an address
 * other than an address {@code dst} is not the destination. Limit: the JSON does not record
 * {@code --max-ttl}; a run cut short by a small {@code -m} whose every hop answered reads as
 * reached.
 */
final class MtrDecoder {

  /** mtr's default {@code --max-ttl} ({@code mtr.c}: {@code ctl.maxTTL = 30}). */
  static final int DEFAULT_MAX_TTL = 30;

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
    int lastListed = 0;
    if (hubs != null && hubs.isArray()) {
      for (JsonNode h : hubs) {
        int ttl = Json.integer(h, "count", -1);
        lastListed = Math.max(lastListed, ttl);
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
    List<HopSummary> list = new ArrayList<>(hops.values());
    return new TraceSummary(SourceFormat.MTR_JSON, line, Json.text(mtr, "src"), dst, null,
        Json.optInt(mtr, "tests"), Json.optInt(mtr, "psize"), list,
        reached(dst, list, lastListed));
  }

  /**
   * Whether the destination answered, from the hub list alone (class comment): true, false, or
   * null when the report cannot tell.
   *
   * @param dst {@code report.mtr.dst} as recorded
   * @param hops the decoded hubs in TTL order
   * @param lastListed the highest {@code count} listed, decoded or dropped
   */
  static Boolean reached(String dst, List<HopSummary> hops, int lastListed) {
    Optional<String> dstAddress = address(dst);
    for (HopSummary h : hops) {
      if (h.host() == null) {
        continue;
      }
      if (h.host().equalsIgnoreCase(dst)) {
        return true; // the same name (DNS names are case-insensitive, RFC 4343) or literal text
      }
      Optional<String> a = address(h.host());
      if (a.isPresent() && a.equals(dstAddress)) {
        return true;
      }
    }
    if (hops.isEmpty()) {
      return false;
    }
    HopSummary last = hops.get(hops.size() - 1);
    if (last.ttl() != lastListed) {
      return null; // the list's real end was dropped as malformed
    }
    if (last.host() == null) {
      return false; // mtr's extra unanswered hop after the last answer
    }
    if (dstAddress.isPresent() && address(last.host()).isPresent()) {
      return false; // both are addresses and they differ: the list ended for another reason
    }
    return last.ttl() >= DEFAULT_MAX_TTL ? null : Boolean.TRUE;
  }

  /**
   * The canonical address in {@code host}: the host itself when it is a literal, or the literal in
   * parentheses of mtr's {@code -b} form {@code "name (192.0.2.1)"}; empty for a bare name. Never
   * resolves anything.
   */
  static Optional<String> address(String host) {
    Optional<String> a = IpAddresses.canonical(host);
    if (a.isPresent()) {
      return a;
    }
    int open = host.lastIndexOf(" (");
    if (open > 0 && host.endsWith(")")) {
      return IpAddresses.canonical(host.substring(open + 2, host.length() - 1));
    }
    return Optional.empty();
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
