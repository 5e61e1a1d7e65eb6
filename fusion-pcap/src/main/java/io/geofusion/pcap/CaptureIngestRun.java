package io.geofusion.pcap;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.graph.EntityGraph;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.rtt.DistanceEstimator;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Ingests a run of analysed captures into one entity graph ({@link CaptureIngest}), with
 * guardrail-checked host→AS edges when an ASN database is given, and each host's location fused
 * from its passive RTT ({@link CaptureFusion}) when the capture point is known; keeps the
 * run's totals. Not thread-safe (one run, one thread); it neither opens nor closes the graph or
 * the databases.
 */
public final class CaptureIngestRun {

  /**
   * What a run wrote so far.
   *
   * @param ingested captures written
   * @param alreadyPresent captures skipped because the graph already held them
   * @param asnEdges host→AS edges written
   * @param locations host locations fused and written
   */
  public record Totals(int ingested, int alreadyPresent, int asnEdges, int locations) {}

  private final EntityGraph graph;
  private final CaptureIngest ingester;
  private final GeoIpService asn;
  private final Guardrail guardrail;
  private final LatLon capturePoint;
  private final double localDelayMs;
  private final GeoIpService prior;
  private final FusionEngine engine;
  private int ingested;
  private int alreadyPresent;
  private int asnEdges;
  private int locations;

  private CaptureIngestRun(Builder b) {
    this.graph = b.graph;
    this.ingester = new CaptureIngest(b.estimator);
    this.asn = b.asn;
    this.guardrail = b.asn == null ? null : Guardrail.builder().build();
    this.capturePoint = b.capturePoint;
    this.localDelayMs = b.localDelayMs;
    this.prior = b.prior;
    this.engine = b.capturePoint == null ? null : FusionEngine.create();
  }

  /**
   * A run writing {@code graph}, with {@code estimator}'s distance bounds on the RTT edges; no
   * ASN edges and no locations until configured.
   */
  public static Builder builder(EntityGraph graph, DistanceEstimator estimator) {
    return new Builder(graph, estimator);
  }

  /** Whether host→AS edges are proposed (an ASN database was given). */
  public boolean linksAsns() {
    return asn != null;
  }

  /** Whether host locations are fused (the capture point is known). */
  public boolean locatesHosts() {
    return engine != null;
  }

  /**
   * Ingests one capture; a capture the graph already holds (same SHA-256) writes nothing.
   *
   * @throws GeoIpException when a GeoIP database is corrupt
   */
  public CaptureIngest.Report ingest(CaptureSummary summary) throws GeoIpException {
    // only the hosts the graph gets are located (a flood's other hosts would take as long)
    Map<InetAddress, FusionResult> fused = engine == null ? Map.of()
        : CaptureFusion.fuse(summary.withHosts(CaptureIngest.rttHostsWritten(summary)),
            capturePoint, localDelayMs, prior, engine);
    CaptureIngest.Report r = ingester.ingest(graph, summary, summary.sha256(), asn, guardrail,
        fused);
    asnEdges += r.asnEdges();
    locations += r.locations();
    if (r.alreadyIngested()) {
      alreadyPresent++;
    } else {
      ingested++;
    }
    return r;
  }

  /** The totals of the captures ingested so far. */
  public Totals totals() {
    return new Totals(ingested, alreadyPresent, asnEdges, locations);
  }

  /** Configures a {@link CaptureIngestRun}; not thread-safe. */
  public static final class Builder {
    private final EntityGraph graph;
    private final DistanceEstimator estimator;
    private GeoIpService asn;
    private LatLon capturePoint;
    private double localDelayMs;
    private GeoIpService prior;

    private Builder(EntityGraph graph, DistanceEstimator estimator) {
      this.graph = Objects.requireNonNull(graph, "graph");
      this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /**
     * An ASN database: each public host gets a host→AS edge proposed through a default
     * {@link Guardrail}; {@code null} for none.
     */
    public Builder asnDatabase(GeoIpService database) {
      this.asn = database;
      return this;
    }

    /**
     * Fuses each host's location from its passive RTT, the capture point being the one vantage
     * ({@link CaptureFusion#fuse}) with the default {@link FusionEngine}.
     *
     * @param where where the capture was made
     * @param delayMs the capture point's access delay, ms (≥ 0)
     * @param geoIpPrior GeoIP (City, anonymous-IP) service for the prior, or {@code null} for RTT
     *     alone
     */
    public Builder locate(LatLon where, double delayMs, GeoIpService geoIpPrior) {
      this.capturePoint = Objects.requireNonNull(where, "capture point");
      this.localDelayMs = delayMs;
      this.prior = geoIpPrior;
      return this;
    }

    public CaptureIngestRun build() {
      return new CaptureIngestRun(this);
    }
  }
}
