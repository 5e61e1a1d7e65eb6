package io.geofusion.probe;

import java.util.Objects;

/**
 * An ICMP error that answered a probe instead of the target's reply: who sent it and what it
 * said (RFC 792 for ICMPv4, RFC 4443 for ICMPv6). A backend that cannot see the ICMP message
 * itself (a TCP {@code connect()} only learns the kernel's errno) records no sender and type/code
 * {@code -1}, and a {@link #meaning()} from the errno.
 *
 * @param from sender of the error (IP literal), or null when the backend cannot see it
 * @param icmpType ICMP type (v4: 3 unreachable, 11 time exceeded; v6: 1 unreachable, 3 time
 *     exceeded), or -1 when unknown
 * @param icmpCode ICMP code, or -1 when unknown
 * @param ipv6 whether type and code are ICMPv6's
 * @param meaning snake_case name of what the error says ({@link #meaningOf})
 */
public record ErrorReply(String from, int icmpType, int icmpCode, boolean ipv6, String meaning) {

  public ErrorReply {
    Objects.requireNonNull(meaning, "meaning");
    if (icmpType < -1 || icmpType > 255 || icmpCode < -1 || icmpCode > 255) {
      throw new IllegalArgumentException("ICMP type and code must be in [0, 255] or -1 for"
          + " unknown, got type " + icmpType + " code " + icmpCode);
    }
    if (meaning.isEmpty()) {
      throw new IllegalArgumentException("meaning must not be empty");
    }
  }

  /** An ICMP error seen whole: its sender, type and code; the meaning follows from them. */
  public static ErrorReply icmp(String from, boolean ipv6, int type, int code) {
    return new ErrorReply(from, type, code, ipv6, meaningOf(ipv6, type, code));
  }

  /**
   * An error the kernel reported without the ICMP message (TCP connect): no sender, no type or
   * code.
   *
   * @param meaning e.g. {@code host_unreachable} for EHOSTUNREACH
   */
  public static ErrorReply kernel(boolean ipv6, String meaning) {
    return new ErrorReply(null, -1, -1, ipv6, meaning);
  }

  /** Whether the ICMP type and code are known. */
  public boolean typeKnown() {
    return icmpType >= 0;
  }

  /**
   * The snake_case name of an ICMP error: {@code net_unreachable}, {@code host_unreachable},
   * {@code protocol_unreachable}, {@code port_unreachable}, {@code fragmentation_needed},
   * {@code admin_prohibited} (v4 codes 9, 10 and 13, v6 code 1), {@code ttl_exceeded} (v4 type
   * 11 code 0, v6 type 3 code 0, "hop limit exceeded"), {@code reassembly_time_exceeded},
   * {@code packet_too_big}, {@code parameter_problem}; others {@code icmp_type_T_code_C}.
   */
  public static String meaningOf(boolean ipv6, int type, int code) {
    String m = ipv6 ? v6(type, code) : v4(type, code);
    return m != null ? m : "icmp_type_" + type + "_code_" + code;
  }

  private static String v4(int type, int code) {
    if (type == 3) {
      return switch (code) {
        case 0, 6, 11 -> "net_unreachable";
        case 1, 7, 12 -> "host_unreachable";
        case 2 -> "protocol_unreachable";
        case 3 -> "port_unreachable";
        case 4 -> "fragmentation_needed";
        case 5 -> "source_route_failed";
        case 8 -> "source_host_isolated";
        case 9, 10, 13 -> "admin_prohibited";
        case 14 -> "host_precedence_violation";
        case 15 -> "precedence_cutoff";
        default -> null;
      };
    }
    if (type == 11) {
      return code == 0 ? "ttl_exceeded" : code == 1 ? "reassembly_time_exceeded" : null;
    }
    if (type == 12) {
      return "parameter_problem";
    }
    return null;
  }

  private static String v6(int type, int code) {
    return switch (type) {
      case 1 -> switch (code) {
        case 0 -> "net_unreachable";
        case 1 -> "admin_prohibited";
        case 5 -> "source_policy_failed";
        case 6 -> "reject_route";
        case 2 -> "beyond_scope";
        case 3 -> "host_unreachable";
        case 4 -> "port_unreachable";
        default -> null;
      };
      case 2 -> "packet_too_big";
      case 3 -> code == 0 ? "ttl_exceeded" : code == 1 ? "reassembly_time_exceeded" : null;
      case 4 -> "parameter_problem";
      default -> null;
    };
  }

  /** For people: {@code 198.18.2.1: admin_prohibited (ICMP type 3 code 13)}. */
  public String describe() {
    String who = from == null ? "(sender not visible to this backend)" : from;
    String what = typeKnown() ? " (ICMP" + (ipv6 ? "v6" : "") + " type " + icmpType + " code "
        + icmpCode + ")" : " (kernel error; ICMP type/code not visible to this backend)";
    return who + ": " + meaning + what;
  }
}
