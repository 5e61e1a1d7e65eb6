package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a RIPE Atlas traceroute result that {@link RipeAtlasDecoder} reads, taken from a
 * Jackson tree ({@link #of}) or straight from the bytes of one JSON line ({@link #parse}) without
 * building the tree: a bulk run spent about a third of its CPU building trees of the fields it
 * then ignored (docs/decisions/cli-startup.md §6a). Every value a decoder reads is kept as the
 * node the tree would hold (a scalar built as Jackson's tree deserializer builds it, a container
 * as a tree), so both ways decode to the same measurement with the same problems
 * ({@code RipeTraceFieldsTest}). A field absent from the record is null.
 */
final class RipeTraceFields {

  /**
   * Longest line {@link #parse} takes: far above a traceroute's few kilobytes and far below
   * Jackson's 20 M-character string limit, which a skipped string was not checked against.
   */
  private static final int MAX_LINE_BYTES = 1 << 20;

  JsonNode type;
  JsonNode prbId;
  JsonNode msmId;
  JsonNode fw;
  JsonNode from;
  JsonNode srcAddr;
  JsonNode dstAddr;
  JsonNode addr;
  JsonNode dstName;
  JsonNode name;
  JsonNode timestamp;
  JsonNode proto;
  JsonNode size;
  JsonNode responded;
  /** The {@code result} field when it is not an array (absent: null). */
  JsonNode result;
  /** The elements of the {@code result} array; null when {@code result} is not an array. */
  List<HopFields> hops;

  /** One element of {@code result}: a hop, or all null when the element is not an object. */
  static final class HopFields {
    JsonNode hop;
    JsonNode error;
    /** The elements of the hop's {@code result} array; null when it is not an array. */
    List<ReplyFields> replies;
  }

  /** One element of a hop's {@code result}: all null when the element is not an object. */
  static final class ReplyFields {
    JsonNode x;
    JsonNode error;
    JsonNode from;
    JsonNode rtt;
    JsonNode icmpext;
    JsonNode err;
    JsonNode late;
    JsonNode dup;
  }

  /** The fields of a traceroute result's tree. */
  static RipeTraceFields of(JsonNode n) {
    RipeTraceFields f = new RipeTraceFields();
    f.type = n.get("type");
    f.prbId = n.get("prb_id");
    f.msmId = n.get("msm_id");
    f.fw = n.get("fw");
    f.from = n.get("from");
    f.srcAddr = n.get("src_addr");
    f.dstAddr = n.get("dst_addr");
    f.addr = n.get("addr");
    f.dstName = n.get("dst_name");
    f.name = n.get("name");
    f.timestamp = n.get("timestamp");
    f.proto = n.get("proto");
    f.size = n.get("size");
    f.responded = n.get("destination_ip_responded");
    JsonNode result = n.get("result");
    if (result != null && result.isArray()) {
      f.hops = new ArrayList<>(result.size());
      for (JsonNode h : result) {
        HopFields hop = new HopFields();
        hop.hop = h.get("hop");
        hop.error = h.get("error");
        JsonNode rs = h.get("result");
        if (rs != null && rs.isArray()) {
          hop.replies = new ArrayList<>(rs.size());
          for (JsonNode r : rs) {
            ReplyFields reply = new ReplyFields();
            reply.x = r.get("x");
            reply.error = r.get("error");
            reply.from = r.get("from");
            reply.rtt = r.get("rtt");
            reply.icmpext = r.get("icmpext");
            reply.err = r.get("err");
            reply.late = r.get("late");
            reply.dup = r.get("dup");
            hop.replies.add(reply);
          }
        }
        f.hops.add(hop);
      }
    } else {
      f.result = result;
    }
    return f;
  }

  /**
   * The fields of the one JSON object on an ASCII line, or null when the line is anything else
   * — not an object, several values, malformed, an mtr report (a {@code report} field), not a
   * RIPE Atlas traceroute, or beyond the plain case {@link RipeTraceScan} reads — which the tree
   * reader then reads as before, problems and all.
   */
  static RipeTraceFields parse(byte[] b, int off, int len) {
    return len > MAX_LINE_BYTES ? null : RipeTraceScan.parse(b, off, len);
  }
}
