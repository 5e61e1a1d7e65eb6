package io.geofusion.text;

/**
 * Limits the program sets on input-driven sizes, each with a default and a system property
 * ({@code -Dgeofusion.limit.NAME=N}; for the {@code geofusion} script put it in
 * {@code GEOFUSION_JAVA_OPTS}) that changes it; docs/reliability.md lists them. Every reader
 * checks its limit <em>before</em> it sizes anything from what the input claims, and reports an
 * excess as a one-line error naming the limit and the property, or skips and counts the record.
 */
public final class Limits {

  /** Longest text line any reader accepts, in bytes (config, JSON lines, ping text). */
  public static final Limit LINE_BYTES = new Limit("lineBytes", 64L << 20);
  /**
   * Largest JSON record read from a streamed JSON document (a RIPE Atlas result array), in
   * characters of its text (bytes, for ASCII); a larger record is skipped while the parser
   * streams past it, never built.
   */
  public static final Limit JSON_RECORD_BYTES = new Limit("jsonRecordBytes", 8L << 20);
  /** Largest probe count (sent packets, attempts) a measurement record may claim. */
  public static final Limit PROBES = new Limit("probes", 100_000);
  /** Largest number of node lines a graph snapshot may declare before they are read. */
  public static final Limit SNAPSHOT_PRESIZE = new Limit("snapshotPresize", 1L << 20);
  /** Largest reply body read from a model server, in bytes. */
  public static final Limit MODEL_REPLY_BYTES = new Limit("modelReplyBytes", 8L << 20);
  /** Largest number of edges held for one guardrail rule firing. */
  public static final Limit RULE_FIRING_EDGES = new Limit("ruleFiringEdges", 10_000);
  /** Largest number of replies from one hop a traceroute record may carry. */
  public static final Limit RESPONDERS_PER_HOP = new Limit("respondersPerHop", 4096);

  /**
   * Largest number of flows one capture analysis tracks ({@code pcap --max-flows}); packets of
   * further flows are counted as untracked. About 270 bytes of heap per flow while reading.
   */
  public static final Limit FLOWS = new Limit("flows", 500_000);
  /**
   * Largest number of flows of one capture kept for the entity graph ({@code pcap --graph},
   * {@code --graph-max-flows}); the largest by bytes are kept, the rest counted. About 2 KB of
   * heap per flow once in the graph.
   */
  public static final Limit GRAPH_FLOWS = new Limit("graphFlows", 50_000);
  /**
   * Most network rows {@code geoip build} reads from one CSV: a million city records (distinct
   * names) peak at about 416 MB RSS with the default heap (docs/evaluation.md), two million at
   * about 716 MB.
   */
  public static final Limit GEOIP_NETWORKS = new Limit("geoipNetworks", 1_000_000);
  /**
   * Most search-tree nodes {@code geoip build} holds (about 16 bytes each until written): a
   * million /24s in one block need a million, but scattered /32s or IPv6 /128s need up to 100
   * each, so the network count alone does not bound memory. A million city records needing
   * three million nodes (both limits reached) peak at about 481 MB RSS.
   */
  public static final Limit GEOIP_TREE_NODES = new Limit("geoipTreeNodes", 3_000_000);
  /**
   * Largest number of hosts with passive RTT listed per capture in the text and NDJSON reports
   * of {@code pcap} ({@code --report-max-hosts}); the rest are counted in a "… N more hosts"
   * line. The text table is built whole before printing (column widths), about 400 bytes a row.
   */
  public static final Limit REPORT_HOSTS = new Limit("reportHosts", 10_000);
  /**
   * Largest number of hosts whose passive RTT one capture analysis keeps ({@code pcap
   * --max-rtt-hosts}): the first hosts to get a sample; samples of further hosts are counted.
   * About 600 bytes of memory a host (its samples, then its summary and report entry), about
   * 1 KB with {@code --graph} (measured: docs/evaluation.md).
   */
  public static final Limit RTT_HOSTS = new Limit("rttHosts", 100_000);

  /** Largest number of entries read from one FTP directory listing. */
  public static final Limit LISTING_ENTRIES = new Limit("listingEntries", 100_000);
  /** Largest FTP directory listing read, in bytes. */
  public static final Limit LISTING_BYTES = new Limit("listingBytes", 32L << 20);

  private Limits() {}

  /**
   * "a JSON record longer than N UNIT, above the limit jsonRecordBytes (…)": the same words from
   * every reader that drops such a record ({@link #JSON_RECORD_BYTES}).
   */
  public static String recordTooLong(String unit) {
    return "a JSON record longer than " + JSON_RECORD_BYTES.value() + " " + unit + ", above the "
        + JSON_RECORD_BYTES.describe();
  }

  /** One limit: its name, default and property. Thread-safe. */
  public static final class Limit {
    private final String name;
    private final long defaultValue;

    Limit(String name, long defaultValue) {
      this.name = name;
      this.defaultValue = defaultValue;
    }

    /** Its name, as in the property {@code geofusion.limit.NAME}. */
    public String name() {
      return name;
    }

    /** The system property that sets it. */
    public String property() {
      return "geofusion.limit." + name;
    }

    /** Its default. */
    public long defaultValue() {
      return defaultValue;
    }

    /**
     * The value in force: the property when set (a positive integer), else the default.
     *
     * @throws IllegalArgumentException when the property is not a positive integer
     */
    public long value() {
      String v = System.getProperty(property());
      if (v == null || v.isBlank()) {
        return defaultValue;
      }
      try {
        long n = Long.parseLong(v.trim());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("-D" + property() + "=" + v
          + " must be a positive integer");
    }

    /** The value, capped to what an array can hold. */
    public int intValue() {
      return (int) Math.min(Integer.MAX_VALUE - 16, value());
    }

    /** "limit NAME (N; raise with -DPROPERTY=...)" for error messages. */
    public String describe() {
      return "limit " + name + " (" + value() + "; raise with -D" + property() + "=N)";
    }

    /**
     * "limit NAME (raise with OPTION N, or -DPROPERTY=N)", for a limit that a command-line option
     * sets as well; the message states the value in force itself (the option's, or this one's).
     */
    public String describe(String option) {
      return "limit " + name + " (raise with " + option + " N, or -D" + property() + "=N)";
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
