package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a RIPE Atlas traceroute result that {@link RipeAtlasDecoder} reads, taken from a
 * Jackson tree ({@link #of}) or straight from the bytes of one JSON line ({@link #parse}) without
 * building the tree: a bulk run spent about a third of its CPU building trees of the fields it
 * then ignored (docs/decisions/cli-startup.md §6). Every value a decoder reads is kept as the
 * node the tree would hold (a scalar built as Jackson's tree deserializer builds it, a container
 * as a tree), so both ways decode to the same measurement with the same problems
 * ({@code RipeTraceFieldsTest}). A field absent from the record is null.
 */
final class RipeTraceFields {

  /**
   * Longest line {@link #parse} takes: far above a traceroute's few kilobytes and far below
   * Jackson's 20 M-character string limit, which a skipped string is not checked against.
   */
  private static final int MAX_LINE_BYTES = 1 << 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
   * RIPE Atlas traceroute — which the tree reader then reads as before, problems and all.
   */
  static RipeTraceFields parse(byte[] b, int off, int len) {
    if (len > MAX_LINE_BYTES) {
      return null;
    }
    try (JsonParser p = JsonTrees.parser(b, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      RipeTraceFields f = new RipeTraceFields();
      boolean report = false;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "type" -> {
            f.type = value(p, t);
            if (!"traceroute".equals(Json.text(f.type))) {
              return null; // a ping, or scamper's or another format's record: not read twice
            }
          }
          case "prb_id" -> f.prbId = value(p, t);
          case "msm_id" -> f.msmId = value(p, t);
          case "fw" -> f.fw = value(p, t);
          case "from" -> f.from = value(p, t);
          case "src_addr" -> f.srcAddr = value(p, t);
          case "dst_addr" -> f.dstAddr = value(p, t);
          case "addr" -> f.addr = value(p, t);
          case "dst_name" -> f.dstName = value(p, t);
          case "name" -> f.name = value(p, t);
          case "timestamp" -> f.timestamp = value(p, t);
          case "proto" -> f.proto = value(p, t);
          case "size" -> f.size = value(p, t);
          case "destination_ip_responded" -> f.responded = value(p, t);
          case "result" -> {
            if (t == JsonToken.START_ARRAY) {
              f.hops = hops(p);
            } else {
              f.result = value(p, t);
            }
          }
          case "report" -> {
            report = true;
            p.skipChildren();
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null || report || !f.isRipeTraceroute()) {
        return null;
      }
      return f;
    } catch (IOException e) {
      return null; // the tree reader reports it
    }
  }

  /** What {@link JsonRecords#classify} and {@link RipeAtlasDecoder#decode} route to trace(). */
  private boolean isRipeTraceroute() {
    return (prbId != null || msmId != null || fw != null) && "traceroute".equals(Json.text(type));
  }

  private static List<HopFields> hops(JsonParser p) throws IOException {
    List<HopFields> hops = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      HopFields hop = new HopFields();
      if (t == JsonToken.START_OBJECT) {
        String field;
        while ((field = p.nextFieldName()) != null) {
          JsonToken v = p.nextToken();
          switch (field) {
            case "hop" -> hop.hop = value(p, v);
            case "error" -> hop.error = value(p, v);
            case "result" -> {
              if (v == JsonToken.START_ARRAY) {
                hop.replies = replies(p);
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      hops.add(hop);
    }
    return hops;
  }

  private static List<ReplyFields> replies(JsonParser p) throws IOException {
    List<ReplyFields> replies = new ArrayList<>(3);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      ReplyFields r = new ReplyFields();
      if (t == JsonToken.START_OBJECT) {
        String field;
        while ((field = p.nextFieldName()) != null) {
          JsonToken v = p.nextToken();
          switch (field) {
            case "x" -> r.x = value(p, v);
            case "error" -> r.error = value(p, v);
            case "from" -> r.from = value(p, v);
            case "rtt" -> r.rtt = value(p, v);
            case "icmpext" -> r.icmpext = value(p, v);
            case "err" -> r.err = value(p, v);
            case "late" -> r.late = value(p, v);
            case "dup" -> r.dup = value(p, v);
            default -> p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      replies.add(r);
    }
    return replies;
  }

  /**
   * The node Jackson's tree deserializer builds for the value at {@code t} (BaseNodeDeserializer,
   * default features: ints as int, long or BigInteger nodes by size, other numbers as doubles);
   * a container is read as a tree.
   */
  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        return JsonTrees.read(p);
    }
  }
}
