package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.RttEnvelope;
import io.geofusion.text.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decodes one RIPE Atlas ping or traceroute result object, any firmware.
 *
 * <p>Field reference: RIPE Atlas "Measurement result format" documentation, and the firmware
 * history handled by RIPE's own parser (ripe.atlas.sagan): firmware 0/1 pings carry only
 * {@code min/avg/max} (as strings in fw 0) and {@code addr}/{@code name}; later pings carry a
 * {@code result} array of {@code {rtt}}, {@code {x:"*"}}, {@code {error}}, {@code {rtt, dup:1}}
 * entries; traceroute replies are {@code {from, rtt, ttl, size, err?, late?, dup?, icmpext?}} or
 * {@code {x:"*"}}. {@code min = -1} means no reply.
 */
final class RipeAtlasDecoder {

  private RipeAtlasDecoder() {}

  static boolean looksLike(JsonNode n) {
    String type = Json.text(n, "type");
    return (n.has("prb_id") || n.has("msm_id") || n.has("fw"))
        && ("ping".equals(type) || "traceroute".equals(type) || n.has("msm_id"));
  }

  static Measurement decode(JsonNode n, long line, Problems problems) {
    String type = Json.text(n, "type");
    if ("ping".equals(type)) {
      return ping(n, line, problems);
    }
    if ("traceroute".equals(type)) {
      return trace(RipeTraceFields.of(n), line, problems);
    }
    problems.skipped(line, "RIPE Atlas result of type '" + type
        + "' is not a ping or traceroute; skipped");
    return null;
  }

  private static String vantage(JsonNode prbId) {
    String prb = Json.text(prbId);
    return prb == null ? null : "atlas-probe:" + prb;
  }

  private static String source(JsonNode from, JsonNode srcAddr) {
    String text = Json.text(from);
    return text != null ? text : Json.text(srcAddr);
  }

  private static String target(JsonNode dstAddr, JsonNode addr, JsonNode dstName) {
    String dst = Json.text(dstAddr);
    if (dst == null) {
      dst = Json.text(addr);
    }
    if (dst == null) {
      String name = Json.text(dstName);
      if (IpLiterals.isLiteral(name)) {
        dst = name;
      }
    }
    return dst;
  }

  private static String targetName(JsonNode dstName, JsonNode name, String target) {
    String text = Json.text(dstName);
    if (text == null) {
      text = Json.text(name);
    }
    return text == null || text.equals(target) ? null : text;
  }

  private static PingMeasurement ping(JsonNode n, long line, Problems problems) {
    String target = target(n.get("dst_addr"), n.get("addr"), n.get("dst_name"));
    if (target == null) {
      problems.skipped(line, "RIPE Atlas ping has no dst_addr/addr: cannot tell what was pinged;"
          + " skipped");
      return null;
    }
    int sent = Json.integer(n, "sent", -1);
    int rcvd = Json.integer(n, "rcvd", -1);
    if (sent > Limits.PROBES.value()) {
      problems.skipped(line, "RIPE Atlas ping claims " + sent + " probes sent, above the "
          + Limits.PROBES.describe() + "; skipped");
      return null;
    }
    int dups = Math.max(0, Json.integer(n, "dup", 0));
    JsonNode result = n.get("result");
    double[] rtts = null;
    if (result != null && result.isArray()) {
      List<Double> list = new ArrayList<>(result.size());
      int dupEntries = 0;
      for (JsonNode r : result) {
        if (Json.truthy(r, "dup")) {
          dupEntries++;
          continue;
        }
        double rtt = Json.num(r, "rtt");
        list.add(rtt >= 0 && Double.isFinite(rtt) ? rtt : Double.NaN);
      }
      dups = Math.max(dups, dupEntries);
      if (sent < 0) {
        sent = list.size();
      }
      if (list.size() < sent) {
        if (!list.isEmpty()) {
          problems.degraded(line, "RIPE Atlas ping lists " + list.size() + " probe results for "
              + sent + " sent; the missing ones are counted as lost");
        }
        while (list.size() < sent) {
          list.add(Double.NaN);
        }
      } else if (list.size() > sent) {
        problems.degraded(line, "RIPE Atlas ping lists " + list.size() + " probe results but says "
            + sent + " sent; using " + list.size());
        sent = list.size();
      }
      rtts = new double[list.size()];
      for (int i = 0; i < rtts.length; i++) {
        rtts[i] = list.get(i);
      }
    }
    if (sent < 0) {
      problems.skipped(line, "RIPE Atlas ping has neither a result array nor a sent count; skipped");
      return null;
    }
    RttSummary reported = reportedSummary(n, sent, rcvd, line, problems, rtts == null);
    if (rtts == null && sent > 0 && reported == null) {
      problems.skipped(line, "RIPE Atlas ping has no per-probe results and no usable summary;"
          + " skipped");
      return null;
    }
    return new PingMeasurement(SourceFormat.RIPE_ATLAS_JSON, line, vantage(n.get("prb_id")),
        source(n.get("from"), n.get("src_addr")), target,
        targetName(n.get("dst_name"), n.get("name"), target),
        Json.epochSeconds(Json.num(n, "timestamp")), Json.text(n, "proto"), Json.optInt(n, "size"),
        sent, rtts, dups, reported);
  }

  private static RttSummary reportedSummary(JsonNode n, int sent, int rcvd, long line,
      Problems problems, boolean needed) {
    if (rcvd < 0) {
      if (needed) {
        problems.degraded(line, "RIPE Atlas ping has no rcvd count");
      }
      return null;
    }
    double min = Json.num(n, "min");
    double avg = Json.num(n, "avg");
    double max = Json.num(n, "max");
    try {
      if (rcvd == 0 || min < 0) { // min = -1: no reply
        return RttSummary.allLost(Math.max(sent, 0));
      }
      int received = Math.min(rcvd, sent);
      return new RttSummary(sent, received, sent == 0 ? 0.0 : 1.0 - (double) received / sent,
          min, avg, max, Double.NaN, Double.NaN);
    } catch (IllegalArgumentException e) {
      problems.degraded(line, "RIPE Atlas ping summary ignored: " + e.getMessage());
      return null;
    }
  }

  /** A traceroute result's fields, from its tree or straight from its line, decoded. */
  static TraceMeasurement trace(RipeTraceFields n, long line, Problems problems) {
    String target = target(n.dstAddr, n.addr, n.dstName);
    if (target == null) {
      String why = firstError(n.hops);
      problems.skipped(line, "RIPE Atlas traceroute has no dst_addr: cannot tell the destination"
          + (why == null ? "" : " (the probe recorded: " + why + ")") + "; skipped");
      return null;
    }
    if (n.hops == null) {
      problems.skipped(line, "RIPE Atlas traceroute has no result array; skipped");
      return null;
    }
    Map<Integer, List<HopReply>> byTtl = new TreeMap<>();
    for (RipeTraceFields.HopFields h : n.hops) {
      int ttl = Json.integer(h.hop, -1);
      if (ttl < 1 || ttl > 255) {
        problems.degraded(line, "RIPE Atlas traceroute hop with invalid hop number '"
            + Json.text(h.hop) + "' dropped");
        continue;
      }
      List<HopReply> replies = byTtl.computeIfAbsent(ttl, k -> new ArrayList<>(3));
      String hopError = Json.text(h.error);
      if (hopError != null) {
        problems.degraded(line, "RIPE Atlas traceroute hop " + ttl + " recorded the error '"
            + hopError + "'; the hop has no replies");
      }
      if (h.replies == null) {
        continue;
      }
      for (RipeTraceFields.ReplyFields r : h.replies) {
        if (Json.truthy(r.dup)) {
          continue; // a duplicate answer to a probe already listed, not a probe of its own
        }
        HopReply reply = reply(r, ttl, line, problems);
        if (reply != null) {
          replies.add(reply);
        }
      }
    }
    List<Hop> hops = new ArrayList<>(byTtl.size());
    for (Map.Entry<Integer, List<HopReply>> e : byTtl.entrySet()) {
      hops.add(new Hop(e.getKey(), e.getValue()));
    }
    TracePath path = new TracePath(source(n.from, n.srcAddr), target, hops,
        reached(n.responded, target, hops));
    String proto = Json.text(n.proto);
    return new TraceMeasurement(SourceFormat.RIPE_ATLAS_JSON, line, path, vantage(n.prbId),
        targetName(n.dstName, n.name, target), Json.epochSeconds(Json.num(n.timestamp)), proto,
        Json.optInt(n.size));
  }

  /**
   * RIPE Atlas's verdict on reaching the destination (docs/formats.md, "Reaching the
   * destination"): the record's boolean {@code destination_ip_responded} when it has one (result
   * feeds that add it, e.g. RIPE Atlas tools); otherwise whether a reply at the last hop came from
   * the destination address — the probe stops once the destination answers, and when it does not
   * the last hop is a router or silence. {@code null} when there is no hop to judge.
   */
  static Boolean reached(JsonNode responded, String target, List<Hop> hops) {
    if (responded != null && responded.isBoolean()) {
      return responded.booleanValue();
    }
    if (hops.isEmpty()) {
      return null;
    }
    Optional<String> dst = IpAddresses.canonical(target);
    if (dst.isEmpty()) {
      return null;
    }
    for (HopReply r : hops.get(hops.size() - 1).replies()) {
      if (r.address() != null && IpAddresses.canonical(r.address()).equals(dst)) {
        return true;
      }
    }
    return false;
  }

  private static String firstError(List<RipeTraceFields.HopFields> hops) {
    if (hops != null) {
      for (RipeTraceFields.HopFields h : hops) {
        String e = Json.text(h.error);
        if (e != null) {
          return e;
        }
      }
    }
    return null;
  }

  private static HopReply reply(RipeTraceFields.ReplyFields r, int ttl, long line,
      Problems problems) {
    if (r.x != null) {
      return HopReply.timeout();
    }
    String error = Json.text(r.error);
    if (error != null && r.from == null) {
      return new HopReply(null, Double.NaN, List.of(), "error: " + error);
    }
    String from = Json.text(r.from);
    double rtt = Json.num(r.rtt);
    List<MplsLabel> mpls = mpls(r.icmpext, ttl, line, problems);
    String flag = flag(r.err);
    if (r.late != null) {
      return new HopReply(from, Double.NaN, mpls, flag == null ? "late" : flag);
    }
    if (from == null) {
      problems.degraded(line, "RIPE Atlas traceroute hop " + ttl
          + ": a reply without 'from' counted as a timeout");
      return HopReply.timeout();
    }
    if (!RttEnvelope.plausible(rtt)) {
      if (r.rtt != null) {
        problems.degraded(line, "RIPE Atlas traceroute hop " + ttl + ": invalid rtt '"
            + Json.text(r.rtt) + "' from " + from + " counted as no RTT");
      }
      return new HopReply(from, Double.NaN, mpls, flag);
    }
    return new HopReply(from, rtt, mpls, flag);
  }

  /** RIPE {@code err}: letters as traceroute prints them, or a numeric ICMP unreachable code. */
  static String flag(JsonNode err) {
    if (err == null || err.isNull()) {
      return null;
    }
    String e = err.asText().trim();
    if (e.isEmpty()) {
      return null;
    }
    switch (e) {
      case "N": case "0": return "!N";
      case "H": case "1": return "!H";
      case "P": case "2": return "!P";
      case "A": case "9": case "10": case "13": return "!X";
      default: return e.chars().allMatch(Character::isDigit) ? "!<" + e + ">" : "!" + e;
    }
  }

  /** MPLS label stack entries from RFC 4950 extension objects (class 1, c-type 1). */
  static List<MplsLabel> mpls(JsonNode icmpext, int ttl, long line, Problems problems) {
    if (icmpext == null || !icmpext.isObject()) {
      return List.of();
    }
    JsonNode objs = icmpext.get("obj");
    if (objs == null || !objs.isArray()) {
      return List.of();
    }
    List<MplsLabel> out = null;
    for (JsonNode o : objs) {
      JsonNode stack = o.get("mpls");
      if (stack == null || !stack.isArray()) {
        continue;
      }
      for (JsonNode m : stack) {
        try {
          MplsLabel label = new MplsLabel(Json.integer(m, "label", -1), Json.integer(m, "exp", 0),
              Json.truthy(m, "s"), Json.integer(m, "ttl", 0));
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(label);
        } catch (IllegalArgumentException e) {
          problems.degraded(line, "hop " + ttl + ": MPLS label entry ignored: " + e.getMessage());
        }
      }
    }
    return out == null ? List.of() : out;
  }
}
