package io.geofusion.formats;

import com.fasterxml.jackson.databind.JsonNode;

/** Routes one JSON object to the decoder of the format it belongs to, by its content. */
final class JsonRecords {

  private JsonRecords() {}

  /** The format a JSON object belongs to, or null when it is none we know. */
  static SourceFormat classify(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    if (MtrDecoder.looksLike(n)) {
      return SourceFormat.MTR_JSON;
    }
    if (RipeAtlasDecoder.looksLike(n)) {
      return SourceFormat.RIPE_ATLAS_JSON;
    }
    if (ScamperDecoder.looksLike(n)) {
      return SourceFormat.SCAMPER_JSON;
    }
    return null;
  }

  /**
   * Decodes one record; returns null (with a problem reported) when it cannot be used, and null
   * without a problem for scamper bookkeeping objects, which are not measurements.
   */
  static Measurement decode(JsonNode n, long line, Problems problems) {
    if (n == null || !n.isObject()) {
      problems.skipped(line, "expected a JSON object, got " + (n == null ? "nothing"
          : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + "; skipped");
      return null;
    }
    SourceFormat f = classify(n);
    if (f == null) {
      problems.skipped(line, "JSON object is not a RIPE Atlas result, scamper object or mtr report"
          + " (no prb_id/msm_id, known scamper type or report.hubs); skipped");
      return null;
    }
    try {
      switch (f) {
        case MTR_JSON:
          return MtrDecoder.decode(n, line, problems);
        case RIPE_ATLAS_JSON:
          return RipeAtlasDecoder.decode(n, line, problems);
        default:
          return ScamperDecoder.isBookkeeping(n) ? null : ScamperDecoder.decode(n, line, problems);
      }
    } catch (IllegalArgumentException e) {
      return rejected(f, e, line, problems);
    }
  }

  /**
   * Decodes a RIPE Atlas traceroute read without its tree ({@link RipeTraceFields#parse}): what
   * {@link #decode} gives for the tree of the same line.
   */
  static Measurement decode(RipeTraceFields trace, long line, Problems problems) {
    try {
      return RipeAtlasDecoder.trace(trace, line, problems);
    } catch (IllegalArgumentException e) {
      return rejected(SourceFormat.RIPE_ATLAS_JSON, e, line, problems);
    }
  }

  /** A value our model rejects (e.g. TTLs out of order after merging): the record is unusable. */
  private static Measurement rejected(SourceFormat f, IllegalArgumentException e, long line,
      Problems problems) {
    problems.skipped(line, f + " record rejected: " + e.getMessage() + "; skipped");
    return null;
  }
}
