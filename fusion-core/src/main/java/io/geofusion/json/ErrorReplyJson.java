package io.geofusion.json;

import io.geofusion.probe.ErrorReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ICMP errors that answered a live ping's probes instead of the target, grouped by sender, type
 * and code: the {@code error_replies} entries of a {@code PING_RESULT} document
 * (docs/schemas/ping-result.schema.json).
 *
 * @param from sender of the error (IP literal), or null when the backend cannot see it
 *     (tcp-connect)
 * @param icmpType ICMP type, or null when the backend cannot see it
 * @param icmpCode ICMP code, or null when the backend cannot see it
 * @param ipv6 whether type and code are ICMPv6's (RFC 4443) rather than ICMPv4's (RFC 792)
 * @param meaning snake_case name ({@link ErrorReply#meaningOf})
 * @param probes how many probes it answered
 */
public record ErrorReplyJson(String from, Integer icmpType, Integer icmpCode, boolean ipv6,
    String meaning, int probes) {

  public ErrorReplyJson {
    Checks.required("meaning", meaning);
    if (probes < 1) {
      throw new IllegalArgumentException("probes must be >= 1, got " + probes);
    }
  }

  /** The errors of {@code perProbe} (null entries skipped), grouped in order of first sight. */
  public static List<ErrorReplyJson> group(List<ErrorReply> perProbe) {
    Map<ErrorReply, Integer> counts = new LinkedHashMap<>();
    for (ErrorReply e : perProbe) {
      if (e != null) {
        counts.merge(e, 1, Integer::sum);
      }
    }
    List<ErrorReplyJson> out = new ArrayList<>(counts.size());
    counts.forEach((e, n) -> out.add(new ErrorReplyJson(e.from(),
        e.typeKnown() ? e.icmpType() : null, e.typeKnown() ? e.icmpCode() : null, e.ipv6(),
        e.meaning(), n)));
    return List.copyOf(out);
  }

  /** For people: {@code 5 probe(s): 198.18.2.1 sent admin_prohibited (ICMP type 3 code 13)}. */
  public String describe() {
    String what = icmpType != null ? " (ICMP" + (ipv6 ? "v6" : "") + " type " + icmpType
        + " code " + icmpCode + ")" : " (the kernel's error; this backend cannot see the ICMP"
        + " message, its sender or type/code)";
    return probes + " probe(s): " + (from == null ? meaning : from + " sent " + meaning) + what;
  }
}
