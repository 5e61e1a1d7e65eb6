package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.RttEnvelope;
import io.geofusion.text.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes scamper JSON objects as written by {@code sc_warts2json} (scamper's
 * {@code scamper_trace_json.c}/{@code scamper_ping_json.c}): {@code ping} and {@code trace}.
 * {@code tracelb} (MDA load-balancer discovery) has no single path and is reported as unsupported
 * per record; {@code cycle-start}/{@code cycle-stop}/{@code list} objects are bookkeeping, not
 * measurements, and are passed over.
 */
final class ScamperDecoder {

  private static final Set<String> BOOKKEEPING =
      Set.of("cycle-start", "cycle-stop", "cycle-def", "list");
  private static final Set<String> OTHER_TYPES = Set.of("tracelb", "dealias", "neighbourdisc",
      "tbit", "sting", "sniff", "host", "http", "udpprobe");

  private ScamperDecoder() {}

  static boolean isBookkeeping(JsonNode n) {
    return BOOKKEEPING.contains(Json.text(n, "type"));
  }

  static boolean looksLike(JsonNode n) {
    String type = Json.text(n, "type");
    if (type == null) {
      return false;
    }
    if (BOOKKEEPING.contains(type) || OTHER_TYPES.contains(type)) {
      return true;
    }
    return ("trace".equals(type) && n.has("hops")) || ("ping".equals(type) && n.has("ping_sent"));
  }

  static Measurement decode(JsonNode n, long line, Problems problems) {
    String type = Json.text(n, "type");
    if ("ping".equals(type)) {
      return ping(n, line, problems);
    }
    if ("trace".equals(type)) {
      return trace(n, line, problems);
    }
    problems.skipped(line, "scamper '" + type + "' records are not supported (only ping and trace;"
        + " tracelb explores many paths and has no single hop list); skipped");
    return null;
  }

  private static Instant start(JsonNode n) {
    JsonNode s = n.get("start");
    if (s == null || !s.isObject()) {
      return null;
    }
    double sec = Json.num(s, "sec");
    double usec = Json.num(s, "usec");
    return Json.epochSeconds(sec + (Double.isNaN(usec) ? 0 : usec / 1e6));
  }

  private static PingMeasurement ping(JsonNode n, long line, Problems problems) {
    String dst = IpLiterals.unmapIpv4(Json.text(n, "dst"));
    if (dst == null) {
      problems.skipped(line, "scamper ping has no dst; skipped");
      return null;
    }
    int sent = Json.integer(n, "ping_sent", -1);
    if (sent < 0) {
      problems.skipped(line, "scamper ping has no ping_sent count; skipped");
      return null;
    }
    if (sent > Limits.PROBES.value()) {
      problems.skipped(line, "scamper ping claims " + sent + " probes sent (ping_sent), above the "
          + Limits.PROBES.describe() + "; skipped");
      return null;
    }
    double[] rtts = new double[sent];
    java.util.Arrays.fill(rtts, Double.NaN);
    int dups = 0;
    JsonNode responses = n.get("responses");
    if (responses != null && responses.isArray()) {
      for (JsonNode r : responses) {
        int seq = Json.integer(r, "seq", -1);
        double rtt = Json.num(r, "rtt");
        if (seq < 0 || seq >= sent || !RttEnvelope.plausible(rtt)) {
          problems.degraded(line, "scamper ping response with seq " + Json.text(r, "seq")
              + " and rtt " + Json.text(r, "rtt") + " does not fit " + sent
              + " probes sent; ignored");
          continue;
        }
        if (Double.isNaN(rtts[seq])) {
          rtts[seq] = rtt;
        } else {
          dups++;
        }
      }
    }
    RttSummary reported = null;
    JsonNode st = n.get("statistics");
    if (st != null && st.isObject()) {
      int replies = Json.integer(st, "replies", -1);
      try {
        if (replies == 0) {
          reported = RttSummary.allLost(sent);
        } else if (replies > 0 && replies <= sent) {
          reported = new RttSummary(sent, replies, 1.0 - (double) replies / sent,
              Json.num(st, "min"), Json.num(st, "avg"), Json.num(st, "max"),
              Json.num(st, "stddev"), Double.NaN);
        }
      } catch (IllegalArgumentException e) {
        problems.degraded(line, "scamper ping statistics ignored: " + e.getMessage());
      }
    }
    return new PingMeasurement(SourceFormat.SCAMPER_JSON, line, null,
        IpLiterals.unmapIpv4(Json.text(n, "src")), dst, null, start(n), Json.text(n, "method"),
        Json.optInt(n, "probe_size"), sent, rtts, dups, reported);
  }

  private static TraceMeasurement trace(JsonNode n, long line, Problems problems) {
    String dst = IpLiterals.unmapIpv4(Json.text(n, "dst"));
    if (dst == null) {
      problems.skipped(line, "scamper trace has no dst; skipped");
      return null;
    }
    boolean v6 = dst.indexOf(':') >= 0;
    int attempts = Math.max(0, Json.integer(n, "attempts", 0));
    long perHop = Limits.RESPONDERS_PER_HOP.value();
    if (attempts > perHop) {
      problems.skipped(line, "scamper trace claims " + attempts + " attempts per hop, above the "
          + Limits.RESPONDERS_PER_HOP.describe() + "; skipped");
      return null;
    }
    Map<Integer, List<HopReply>> byTtl = new TreeMap<>();
    int maxTtl = 0;
    // Highest TTL with a reply other than an ICMP time exceeded (the kind a router sends).
    int maxTtlNotTimeExceeded = 0;
    JsonNode hops = n.get("hops");
    if (hops != null && hops.isArray()) {
      for (JsonNode h : hops) {
        int ttl = Json.integer(h, "probe_ttl", -1);
        if (ttl < 1 || ttl > 255) {
          problems.degraded(line, "scamper trace reply with invalid probe_ttl '"
              + Json.text(h, "probe_ttl") + "' dropped");
          continue;
        }
        String addr = IpLiterals.unmapIpv4(Json.text(h, "addr"));
        double rtt = Json.num(h, "rtt");
        if (addr == null || !RttEnvelope.plausible(rtt)) {
          problems.degraded(line, "scamper trace reply at TTL " + ttl
              + " without a valid addr/rtt dropped");
          continue;
        }
        HopReply reply = new HopReply(addr, rtt, mpls(h.get("icmpext"), ttl, line, problems),
            flag(v6, Json.integer(h, "icmp_type", -1), Json.integer(h, "icmp_code", -1)));
        List<HopReply> list = byTtl.computeIfAbsent(ttl, k -> new ArrayList<>(2));
        // probe_id is the 1-based attempt: attempts before it at this TTL went unanswered.
        int probeId = Json.integer(h, "probe_id", 0);
        if (probeId > perHop || list.size() >= perHop) {
          problems.skipped(line, "scamper trace has probe_id " + probeId + " or more than "
              + perHop + " replies at TTL " + ttl + ", above the "
              + Limits.RESPONDERS_PER_HOP.describe() + "; skipped");
          return null;
        }
        while (attempts > 0 && probeId > 1 && list.size() < probeId - 1) {
          list.add(HopReply.timeout());
        }
        list.add(reply);
        maxTtl = Math.max(maxTtl, ttl);
        if (Json.integer(h, "icmp_type", -1) != (v6 ? 3 : 11)) {
          maxTtlNotTimeExceeded = Math.max(maxTtlNotTimeExceeded, ttl);
        }
      }
    }
    if (attempts > 0) {
      // scamper only lists answered probes; a TTL it probed without answer timed out `attempts`
      // times. hop_count is the highest TTL probed (sc_warts2json: hop_count).
      int first = Math.max(1, Json.integer(n, "firsthop", 1));
      int last = Math.min(255, Math.max(maxTtl, Json.integer(n, "hop_count", maxTtl)));
      for (int ttl = first; ttl <= last; ttl++) {
        if (!byTtl.containsKey(ttl)) {
          List<HopReply> silent = new ArrayList<>(attempts);
          for (int i = 0; i < attempts; i++) {
            silent.add(HopReply.timeout());
          }
          byTtl.put(ttl, silent);
        }
      }
    }
    List<Hop> out = new ArrayList<>(byTtl.size());
    for (Map.Entry<Integer, List<HopReply>> e : byTtl.entrySet()) {
      out.add(new Hop(e.getKey(), e.getValue()));
    }
    TracePath path = new TracePath(IpLiterals.unmapIpv4(Json.text(n, "src")), dst, out,
        reached(Json.text(n, "stop_reason"), maxTtl, maxTtlNotTimeExceeded, line, problems));
    return new TraceMeasurement(SourceFormat.SCAMPER_JSON, line, path, null, null, start(n),
        Json.text(n, "method"), Json.optInt(n, "probe_size"));
  }

  /**
   * scamper's verdict on reaching the destination from {@code stop_reason} ({@code
   * scamper_trace.h}; docs/formats.md, "Reaching the destination"): {@code COMPLETED} (the
   * destination answered: port unreachable, echo reply or TCP) → true; {@code UNREACH} (another
   * ICMP unreachable), {@code LOOP}, {@code GAPLIMIT} (too many silent hops in a row), {@code
   * HOPLIMIT} → false; {@code NONE}, {@code ICMP}, {@code ERROR}, {@code GSS} (doubletree stop
   * set: the destination was not probed), {@code HALTED}, {@code INPROGRESS}, absent or unknown →
   * null. A {@code COMPLETED} whose highest-TTL replies are all ICMP time exceeded contradicts
   * itself (a router, not the destination, answered last; pantrace-converted files say {@code
   * COMPLETED} for every trace): it is reported as degraded and left undecided (null).
   */
  static Boolean reached(String stopReason, int maxTtl, int maxTtlNotTimeExceeded, long line,
      Problems problems) {
    if (stopReason == null) {
      return null;
    }
    switch (stopReason) {
      case "COMPLETED":
        if (maxTtl > 0 && maxTtlNotTimeExceeded < maxTtl) {
          problems.degraded(line, "scamper stop_reason COMPLETED, but the last replies (TTL "
              + maxTtl + ") are ICMP time exceeded from a router: reaching the destination is"
              + " left undecided (files converted by other writers, e.g. pantrace, say"
              + " COMPLETED for every trace)");
          return null;
        }
        return maxTtl > 0 ? Boolean.TRUE : null;
      case "UNREACH": case "LOOP": case "GAPLIMIT": case "HOPLIMIT":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /**
   * Traceroute-style flag for an ICMP unreachable (RFC 792 type 3; RFC 4443 type 1); null for
   * time exceeded and for port unreachable (the normal answer of a reached UDP destination).
   */
  static String flag(boolean v6, int type, int code) {
    if (!v6 && type == 3) {
      switch (code) {
        case 0: return "!N";
        case 1: return "!H";
        case 2: return "!P";
        case 3: return null;
        case 4: return "!F";
        case 9: case 10: case 13: return "!X";
        default: return "!<" + code + ">";
      }
    }
    if (v6 && type == 1) {
      switch (code) {
        case 0: return "!N";
        case 1: return "!X";
        case 3: return "!H";
        case 4: return null;
        default: return "!<" + code + ">";
      }
    }
    return null;
  }

  /** sc_warts2json {@code icmpext}: [{ie_cn, ie_ct, mpls_labels:[{mpls_label, mpls_exp, ...}]}]. */
  private static List<MplsLabel> mpls(JsonNode icmpext, int ttl, long line, Problems problems) {
    if (icmpext == null || !icmpext.isArray()) {
      return List.of();
    }
    List<MplsLabel> out = null;
    for (JsonNode ie : icmpext) {
      JsonNode labels = ie.get("mpls_labels");
      if (labels == null || !labels.isArray()) {
        continue;
      }
      for (JsonNode m : labels) {
        try {
          MplsLabel l = new MplsLabel(Json.integer(m, "mpls_label", -1),
              Json.integer(m, "mpls_exp", 0), Json.truthy(m, "mpls_s"),
              Json.integer(m, "mpls_ttl", 0));
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(l);
        } catch (IllegalArgumentException e) {
          problems.degraded(line, "TTL " + ttl + ": MPLS label entry ignored: " + e.getMessage());
        }
      }
    }
    return out == null ? List.of() : out;
  }
}
