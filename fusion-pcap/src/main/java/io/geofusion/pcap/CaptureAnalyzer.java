package io.geofusion.pcap;

import io.geofusion.text.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a capture, decodes every packet, tracks flows and passive RTTs, and summarises it in
 * one pass with bounded memory.
 *
 * <pre>{@code
 * CaptureSummary s = CaptureAnalyzer.builder().topN(10).build().analyze(Path.of("x.pcapng"));
 * for (HostRtt h : s.hosts()) {
 *   System.out.println(h.address() + " min " + h.envelope().minMs() + " ms");
 * }
 * }</pre>
 *
 * <p>A capture cut off or corrupted part way is summarised up to the problem and the summary's
 * {@link CaptureSummary#error()} names the offset; only an input that is no capture at all
 * (or unreadable) throws. Immutable and thread-safe: every {@code analyze} call has its own
 * state.
 */
public final class CaptureAnalyzer {

  /** Receives progress every {@code progressEveryPackets} packets and at the end. */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * @param bytesRead bytes consumed from the input so far
     * @param packets packets read so far
     */
    void progress(long bytesRead, long packets);
  }

  private final int maxFlows;
  private final int maxSamplesPerHost;
  private final int maxRttHosts;
  private final int topN;
  private final CaptureReader.Options readerOptions;
  private final boolean retainFlows;
  private final int maxRetainedFlows;
  private final boolean hashContent;

  private CaptureAnalyzer(Builder b) {
    this.retainFlows = b.retainFlows;
    this.maxRetainedFlows = b.maxRetainedFlows;
    this.hashContent = b.hashContent;
    this.maxFlows = b.maxFlows;
    this.maxSamplesPerHost = b.maxSamplesPerHost;
    this.maxRttHosts = b.maxRttHosts;
    this.topN = b.topN;
    this.readerOptions = b.readerOptions;
  }

  /**
   * A builder with the defaults: 500,000 flows (the limit {@code flows}), 100,000 hosts with
   * passive RTT (the limit {@code rttHosts}), 100,000 samples per host, top 10.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Analyses a file; see the class comment for errors. */
  public CaptureSummary analyze(Path file) throws IOException {
    return analyze(file, null);
  }

  /** Analyses a file, reporting progress to {@code listener} (may be null). */
  public CaptureSummary analyze(Path file, ProgressListener listener) throws IOException {
    return analyze(Files.newInputStream(file), file.toString(), listener);
  }

  /**
   * Analyses a stream (closed on return) named {@code source}.
   *
   * @throws NotACaptureException when the input is not a capture
   * @throws IOException when the input cannot be read at all
   */
  public CaptureSummary analyze(InputStream in, String source, ProgressListener listener)
      throws IOException {
    Objects.requireNonNull(source, "source");
    MessageDigest md = null;
    if (hashContent) {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
      in = new DigestInputStream(in, md);
    }
    try (CaptureReader reader = CaptureReader.open(in, source, readerOptions)) {
      return run(reader, source, listener, in, md);
    }
  }

  private CaptureSummary run(CaptureReader reader, String source, ProgressListener listener,
      InputStream in, MessageDigest md) throws IOException {
    PassiveRttTracker tracker = new PassiveRttTracker(maxFlows, maxSamplesPerHost,
        maxRttHosts);
    DecodedPacket d = new DecodedPacket();
    long[] byStatus = new long[DecodeStatus.values().length];
    Map<Integer, long[]> byLink = new LinkedHashMap<>();
    int lastLink = Integer.MIN_VALUE;
    long[] lastLinkCount = null;
    long packets = 0;
    long bytes = 0;
    long first = CapturedPacket.NO_TIMESTAMP;
    long last = CapturedPacket.NO_TIMESTAMP;
    String error = null;
    long errorOffset = -1;
    while (true) {
      CapturedPacket p;
      try {
        p = reader.next();
      } catch (TruncatedCaptureException | CorruptCaptureException e) {
        error = e.getMessage();
        errorOffset = e.offset();
        break;
      }
      if (p == null) {
        break;
      }
      packets++;
      bytes += p.capturedLength();
      if (p.linkType() != lastLink) {
        lastLink = p.linkType();
        lastLinkCount = byLink.computeIfAbsent(lastLink, k -> new long[1]);
      }
      lastLinkCount[0]++;
      long t = p.timestampNanos();
      if (t != CapturedPacket.NO_TIMESTAMP) {
        if (first == CapturedPacket.NO_TIMESTAMP || t < first) {
          first = t;
        }
        if (last == CapturedPacket.NO_TIMESTAMP || t > last) {
          last = t;
        }
      }
      DecodeStatus s = PacketDecoder.decode(p, d);
      byStatus[s.ordinal()]++;
      if (s == DecodeStatus.OK) {
        tracker.accept(d);
      }
      if (listener != null && (packets & 0xFFFF) == 0) {
        listener.progress(reader.position(), packets);
      }
    }
    if (listener != null) {
      listener.progress(reader.position(), packets);
    }
    Map<String, Long> bad = new LinkedHashMap<>();
    for (DecodeStatus s : DecodeStatus.values()) {
      if (s.isBad() && byStatus[s.ordinal()] > 0) {
        bad.put(s.label(), byStatus[s.ordinal()]);
      }
    }
    Map<String, Long> links = new LinkedHashMap<>();
    for (Map.Entry<Integer, long[]> e : byLink.entrySet()) {
      links.merge(LinkTypes.name(e.getKey()), e.getValue()[0], Long::sum);
    }
    String sha = null;
    if (md != null) {
      in.transferTo(OutputStream.nullOutputStream()); // the rest after an early stop
      sha = HexFormat.of().formatHex(md.digest());
    }
    String vantage = "capture:" + source;
    List<FlowSummary> kept = retainFlows ? tracker.retainedFlows(maxRetainedFlows) : List.of();
    return new CaptureSummary(source, reader.format().label(), packets, bytes, first, last,
        byStatus[DecodeStatus.OK.ordinal()], byStatus[DecodeStatus.NOT_IP.ordinal()], bad, links,
        tracker.flowCount(), tracker.untracked, tracker.stats(), tracker.hostRtts(vantage),
        tracker.topTalkers(topN), tracker.topFlows(topN),
        kept, retainFlows ? tracker.flowCount() - kept.size() : 0, sha, error, errorOffset);
  }

  /** Configures a {@link CaptureAnalyzer}; not thread-safe. */
  public static final class Builder {
    private int maxFlows = Limits.FLOWS.intValue();
    private int maxSamplesPerHost = 100_000;
    private int maxRttHosts = Limits.RTT_HOSTS.intValue();
    private int topN = 10;
    private CaptureReader.Options readerOptions = CaptureReader.Options.DEFAULTS;
    private boolean retainFlows;
    private int maxRetainedFlows = Limits.GRAPH_FLOWS.intValue();
    private boolean hashContent;

    private Builder() {}

    /**
     * Keep the flows in {@link CaptureSummary#flows()} (for graph ingest; default false): every
     * flow, or the {@link #maxRetainedFlows} largest when there are more.
     */
    public Builder retainFlows(boolean retain) {
      this.retainFlows = retain;
      return this;
    }

    /**
     * Flows retained at most (default: the limit {@code graphFlows}, 50,000, which
     * {@code -Dgeofusion.limit.graphFlows=N} changes). When a capture has more, the summary keeps
     * the largest by bytes (then the earliest, then by 5-tuple) and {@link
     * CaptureSummary#flowsNotRetained()} counts the rest. Each flow kept costs about 2 KB once
     * written to an entity graph.
     */
    public Builder maxRetainedFlows(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxRetainedFlows must be >= 1, got " + n);
      }
      this.maxRetainedFlows = n;
      return this;
    }

    /** Compute the input's SHA-256 while reading ({@link CaptureSummary#sha256()}). */
    public Builder hashContent(boolean hash) {
      this.hashContent = hash;
      return this;
    }

    /**
     * Flows tracked at most (default: the limit {@code flows}, 500,000, which {@code
     * -Dgeofusion.limit.flows=N} changes); packets of further flows are counted only. A flow
     * costs about 270 bytes while the capture is read (1,000,000 flows made {@code pcap} alone
     * peak at 0.9 GB).
     */
    public Builder maxFlows(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxFlows must be >= 1, got " + n);
      }
      this.maxFlows = n;
      return this;
    }

    /**
     * Hosts whose passive RTT is kept at most (default: the limit {@code rttHosts}, 100,000,
     * which {@code -Dgeofusion.limit.rttHosts=N} changes): the first hosts to get a sample.
     * Samples of further hosts are counted in {@link PassiveRttStats#samplesBeyondHostCap()}.
     * A host costs about 600 bytes until the summary is reported (500,000 completed handshakes
     * from distinct clients made {@code pcap} peak at 581 MB before this limit).
     */
    public Builder maxRttHosts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxRttHosts must be >= 1, got " + n);
      }
      this.maxRttHosts = n;
      return this;
    }

    /** RTT samples kept per host (default 100,000); later ones are counted as dropped. */
    public Builder maxSamplesPerHost(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxSamplesPerHost must be >= 1, got " + n);
      }
      this.maxSamplesPerHost = n;
      return this;
    }

    /** Length of the top-talker and top-flow lists (default 10). */
    public Builder topN(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("topN must be >= 0, got " + n);
      }
      this.topN = n;
      return this;
    }

    /** The reader's memory caps. */
    public Builder readerOptions(CaptureReader.Options options) {
      this.readerOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The configured analyzer. */
    public CaptureAnalyzer build() {
      return new CaptureAnalyzer(this);
    }
  }
}
