package io.geofusion.guardrail;

/**
 * One reason an edge is not (yet) valid.
 *
 * @param reason a stable snake_case code (the constants below)
 * @param detail a human-readable explanation naming the offending value
 */
public record Violation(String reason, String detail) {
  public static final String MISSING_SRC = "missing_src";
  public static final String MISSING_DST = "missing_dst";
  public static final String MISSING_KIND = "missing_kind";
  public static final String UNKNOWN_KIND = "unknown_kind";
  public static final String OBSERVED_ZONE_KIND = "observed_zone_kind";
  public static final String SELF_LOOP = "self_loop";
  public static final String SRC_TYPE_MISMATCH = "src_type_mismatch";
  public static final String DST_TYPE_MISMATCH = "dst_type_mismatch";
  public static final String UNKNOWN_NODE = "unknown_node";
  public static final String CONFIDENCE_OUT_OF_RANGE = "confidence_out_of_range";
  public static final String RULE_YIELDED_NO_EDGES = "rule_yielded_no_edges";

  public Violation {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("violation reason is required");
    }
    detail = detail == null ? reason : detail;
  }

  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
