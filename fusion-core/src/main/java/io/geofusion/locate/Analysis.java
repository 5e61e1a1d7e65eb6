package io.geofusion.locate;

import io.geofusion.asn.AsnProfiles;
import io.geofusion.asn.AsnType;
import io.geofusion.fusion.GeoPath;
import io.geofusion.fusion.GeoPathLocator;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.net.IpAddresses;
import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.rtt.DistanceEstimator;
import io.geofusion.rtt.DistanceModel;
import io.geofusion.rtt.RttEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Locates one target live from this machine: ping → traceroute → route stretch → fuse.
 *
 * <ol>
 *   <li><b>Ping</b> with the backend the {@link ProbeSelector} chooses ({@link PingSettings}).
 *   <li><b>Traceroute</b> ({@link TraceSettings}), analysed hop by hop (flags, Δkm; see
 *       docs/hop-analysis.md); when no backend can trace here, the analysis goes on without a
 *       path and says so in a {@link Warning}.
 *   <li><b>Route stretch</b>: the GeoIP/ASN lookup of every hop, and the stretch of the path's
 *       networks from the ASN profiles ({@link AsnProfiles#pathStretch}); without a path, the
 *       target's own network's, else the unknown network's; a configured stretch replaces it.
 *       The ping's distance is estimated under that stretch, the distance model and the access
 *       delay.
 *   <li><b>Fuse</b>: the smallest RTT to the target (ping or the path's last hop) from the
 *       vantage, if its position is known, with what GeoIP says ({@link HostLocator}), giving
 *       the {@link HostReport}. The fusion keeps its calibrated RTT likelihood: model and
 *       stretch shape the reported distances and hop flags, not the fused location
 *       (docs/fusion.md).
 * </ol>
 *
 * <pre>{@code
 * Analysis a = Analysis.builder(locator, ProbeSelector.of(prober, ProbeMethod.ICMP))
 *     .vantage(LatLon.of(50.11, 8.68))
 *     .build();
 * Analysis.Result r = a.analyse(LiveTarget.resolve("192.0.2.7"));
 * if (r.report().result() instanceof FusionResult.Located l) {
 *   System.out.println(l.estimate() + ", stretch " + r.routeStretch());
 * }
 * }</pre>
 *
 * <p><b>Deadlines.</b> Every network wait is bounded: the ping ends by {@link
 * PingSettings#deadline()} and the trace by {@link TraceSettings#deadline()}, each plus its
 * backend's slack (at most 3 s, scamper 5 s; see {@link Prober}); GeoIP and ASN lookups read
 * local databases and wait for no network. So {@link #analyse} returns within {@code
 * ping.deadline() + trace.deadline() + 10 s} when the backends keep their contract. {@link
 * #bound()} ({@code ping.deadline() + trace.deadline() + 30 s}: 66 s with the defaults) is the
 * bound {@link LiveRun} enforces on a target's whole job, name resolution included, whatever a
 * backend does.
 *
 * <p><b>Thread safety.</b> Immutable; {@link #analyse} may run for many targets at once from
 * different threads when the selector and the locator's GeoIP service are thread-safe (every
 * {@link GeoIpService} implementation is). Probes run on the calling thread, so they are sent
 * from its network namespace.
 */
public final class Analysis {

  /** The vantage id of this machine in results. */
  public static final String LOCAL_VANTAGE = "local";

  private final HostLocator locator;
  private final ProbeSelector probes;
  private final LatLon vantage;
  private final DistanceModel model;
  private final double localDelayMs;
  private final OptionalDouble routeStretch;
  private final PingSettings ping;
  private final TraceSettings trace;
  private final HopAnalyzer analyzer;
  private final RemoteVantages remote;

  private Analysis(Builder b) {
    this.locator = b.locator;
    this.probes = b.probes;
    this.vantage = b.vantage;
    this.model = b.model;
    this.localDelayMs = b.localDelayMs;
    this.routeStretch = b.routeStretch;
    this.ping = b.ping;
    this.trace = b.trace;
    this.remote = b.remote;
    this.analyzer = HopAnalyzer.builder().distanceModel(model).localDelayMs(localDelayMs).build();
  }

  /**
   * A builder locating with {@code locator} and probing with the backends {@code probes}
   * chooses; no vantage position, the {@code fiber_2_3} model, no access delay, the stretch
   * derived from the path, and ping's and traceroute's default settings.
   */
  public static Builder builder(HostLocator locator, ProbeSelector probes) {
    return new Builder(locator, probes);
  }

  /** Where a route stretch came from. */
  public enum StretchSource {
    /** Given to the builder ({@link Builder#routeStretch}). */
    CONFIGURED("configured"),
    /** The ASN profiles of the networks on the traced path. */
    PATH_NETWORKS("path_networks"),
    /** No path: the ASN profile of the target's own network. */
    TARGET_NETWORK("target_network"),
    /** No path and no ASN for the target: the unknown network's default. */
    UNKNOWN_NETWORK("unknown_network");

    private final String jsonName;

    StretchSource(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The name in JSON documents ({@code route_stretch_source}). */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * Something the analysis could not do, or did with less than it wanted.
   *
   * @param kind what happened
   * @param text one line saying it, e.g. {@code "no traceroute: backend tcp-connect cannot trace
   *     with TCP here: ..."}
   */
  public record Warning(Kind kind, String text) {

    /** What happened. */
    public enum Kind {
      /** No backend could trace here; the text says why. The analysis has no path. */
      NO_TRACEROUTE,
      /** The trace stopped at its last TTL without reaching the target. */
      PATH_ENDS_EARLY,
      /** Neither the ping nor the path's last hop got a reply: no RTT, so no distance. */
      NO_REPLY,
      /** No vantage position: the RTTs bound the distance but cannot place the target. */
      NO_VANTAGE,
      /**
       * TCP probes look answered by an intercepting middlebox ({@link TcpInterception}): their
       * RTTs feed no distance.
       */
      TCP_INTERCEPTED_SUSPECTED
    }

    public Warning {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Everything measured and concluded about one target.
   *
   * @param target the target
   * @param ping the ping, its document's distance under {@code routeStretch}
   * @param trace the traced path with its hop analysis; empty when no backend could trace here.
   *     Its document's distance is under the configured stretch or, without one, the bundled
   *     unknown-network stretch, as {@code traceroute} reports it
   * @param hopLookups GeoIP and ASN of each answered hop's primary address, by TTL
   * @param geoPath the path's hops placed by GeoIP and checked against the vantage (see {@link
   *     GeoPathLocator}); present exactly when {@code trace} is
   * @param routeStretch the stretch of the ping's distance, ≥ 1
   * @param stretchSource where {@code routeStretch} came from
   * @param vantages the observations fused: this machine's, when its position is known and an
   *     RTT was measured; then those of the remote vantages ({@link Builder#remote}) that answered
   *     in time
   * @param report the fused host-location report
   * @param warnings what could not be done, in the order it happened
   */
  public record Result(LiveTarget target, LivePing ping, Optional<LiveTrace> trace,
      Map<Integer, HostLocator.Lookup> hopLookups, Optional<GeoPath> geoPath,
      double routeStretch, StretchSource stretchSource, List<VantageObservation> vantages,
      HostReport report, List<Warning> warnings) {

    public Result {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(ping, "ping");
      Objects.requireNonNull(trace, "trace");
      Objects.requireNonNull(geoPath, "geoPath");
      Objects.requireNonNull(stretchSource, "stretchSource");
      Objects.requireNonNull(report, "report");
      hopLookups = java.util.Collections.unmodifiableMap(new TreeMap<>(hopLookups));
      vantages = List.copyOf(vantages);
      warnings = List.copyOf(warnings);
      if (geoPath.isPresent() != trace.isPresent()) {
        throw new IllegalArgumentException("a geo path exists exactly when a trace does");
      }
    }
  }

  /** Where this machine is; empty when unknown. */
  public Optional<LatLon> vantage() {
    return Optional.ofNullable(vantage);
  }

  /** The distance model of the ping's distance, Δkm and the hop flags. */
  public DistanceModel distanceModel() {
    return model;
  }

  /** This machine's access delay, ms, subtracted from every RTT before distance. */
  public double localDelayMs() {
    return localDelayMs;
  }

  /** The configured route stretch; empty when it is derived per target. */
  public OptionalDouble routeStretch() {
    return routeStretch;
  }

  /** How each target is pinged. */
  public PingSettings pingSettings() {
    return ping;
  }

  /** How each target is traced. */
  public TraceSettings traceSettings() {
    return trace;
  }

  /** The hop analyzer of the traced paths (this model and access delay). */
  public HopAnalyzer hopAnalyzer() {
    return analyzer;
  }

  /**
   * The bound {@link LiveRun} enforces on one target's whole job, name resolution included:
   * {@link LiveRun#SLACK} before, between and after the ping's and the trace's deadlines (66 s
   * with the default settings).
   */
  public Duration bound() {
    Duration local = LiveRun.SLACK.plus(ping.deadline()).plus(LiveRun.SLACK)
        .plus(trace.deadline()).plus(LiveRun.SLACK);
    if (remote == null) {
      return local;
    }
    Duration far = LiveRun.SLACK.plus(remote.bound()).plus(LiveRun.SLACK);
    return far.compareTo(local) > 0 ? far : local;
  }

  /**
   * Measures and fuses {@code target}; see the class description for the steps and deadlines.
   *
   * @throws ProbeUnavailableException when no backend can ping the target here
   * @throws io.geofusion.probe.ProbeFailedException when a socket or tool fails part-way
   * @throws GeoIpException when a database is corrupt where a lookup led
   * @throws InterruptedException when the calling thread is interrupted (sockets are closed)
   */
  public Result analyse(LiveTarget target)
      throws ProbeException, GeoIpException, InterruptedException {
    RemoteVantages.Pending far = remote == null ? null : remote.start(target);
    ProbeChoice pingChoice = probes.choose(Prober.Operation.PING, target.address());
    PingResult pinged = pingChoice.ping(ping, target.address());
    List<Warning> warnings = new ArrayList<>();
    Optional<LiveTrace> tr = traceOrWarn(target, warnings);
    Map<Integer, HostLocator.Lookup> hopLookups = new HashMap<>();
    double stretch;
    StretchSource source;
    AsnProfiles profiles = locator.asnProfiles();
    if (tr.isPresent()) {
      Map<String, Long> asnOf = new HashMap<>();
      for (HopAnalysis h : tr.get().analysis().hops()) {
        Optional<HostLocator.Lookup> l = lookup(h.address());
        l.ifPresent(x -> hopLookups.put(h.ttl(), x));
        l.flatMap(HostLocator.Lookup::asn).ifPresent(a -> asnOf.put(h.address(), a.asn()));
      }
      stretch = profiles.pathStretch(tr.get().analysis(), asnOf::get);
      source = StretchSource.PATH_NETWORKS;
      if (!tr.get().result().reachedDestination()) {
        warnings.add(new Warning(Warning.Kind.PATH_ENDS_EARLY, "the traceroute did not reach "
            + target.addressText() + " within " + trace.maxTtl() + " hops: the path ends early"));
      }
    } else {
      Optional<AsnInfo> asn = lookup(target.addressText()).flatMap(HostLocator.Lookup::asn);
      stretch = asn.map(a -> profiles.profile(a.asn()).routeStretch())
          .orElse(profiles.defaultStretch(AsnType.UNKNOWN));
      source = asn.isPresent() ? StretchSource.TARGET_NETWORK : StretchSource.UNKNOWN_NETWORK;
    }
    if (routeStretch.isPresent()) {
      stretch = routeStretch.getAsDouble();
      source = StretchSource.CONFIGURED;
    }
    OptionalDouble firstHop = OptionalDouble.empty();
    OptionalDouble icmpRtt = OptionalDouble.empty();
    double traceDestRtt = Double.NaN;
    boolean traceByTcp = false;
    if (tr.isPresent()) {
      List<Hop> hops = tr.get().result().path().hops();
      traceDestRtt = destinationMinRtt(hops, target.addressText());
      traceByTcp = tr.get().result().method() == ProbeMethod.TCP;
      firstHop = firstHopMinRtt(hops, target.addressText());
      if (!traceByTcp && !Double.isNaN(traceDestRtt)) {
        icmpRtt = OptionalDouble.of(traceDestRtt);
      }
    }
    LivePing p = new LivePing(target, pingChoice, pinged, estimator(stretch),
        LivePing.checked(pinged, pingChoice, target, ping, firstHop, icmpRtt));
    RttEnvelope env = pinged.envelope();
    double minRtt = env.minMs();
    if (p.interceptionSuspected()) {
      // The RTTs measure a middlebox, not the target: no distance comes from them (nor from a
      // TCP trace's "destination", answered by the same box).
      minRtt = Double.NaN;
      warnings.add(new Warning(Warning.Kind.TCP_INTERCEPTED_SUSPECTED, "TCP to "
          + target.addressText() + " looks intercepted by a middlebox ("
          + String.join(", ", p.interception().orElseThrow().signs()) + "): its RTTs measure"
          + " the box, not the target, so no distance comes from them; try --method icmp"));
      if (traceByTcp) {
        traceDestRtt = Double.NaN;
      }
    }
    if (!Double.isNaN(traceDestRtt)) {
      minRtt = Double.isNaN(minRtt) ? traceDestRtt : Math.min(minRtt, traceDestRtt);
    }
    List<VantageObservation> vantages = new ArrayList<>();
    if (Double.isNaN(minRtt)) {
      warnings.add(new Warning(Warning.Kind.NO_REPLY, "no reply from " + target.addressText()
          + " to " + pingChoice.method() + " probes: no RTT, so no distance; try another probe"
          + " method"));
    } else if (vantage != null) {
      vantages.add(EvidenceAssembler.observation(LOCAL_VANTAGE, vantage, minRtt, localDelayMs));
    }
    if (vantage == null) {
      warnings.add(new Warning(Warning.Kind.NO_VANTAGE, "no vantage position: the RTTs bound"
          + " the distance but cannot place the target or check GeoIP"));
    }
    double factsRtt = minRtt;
    if (far != null) {
      for (VantageObservation v : far.await()) {
        vantages.add(v);
        factsRtt = Double.isNaN(factsRtt) ? v.minRttMs() : Math.min(factsRtt, v.minRttMs());
      }
    }
    double jitter = env.received() >= 2 ? env.jitterMs() : Double.NaN;
    HostReport report = locator.locate(target.addressText(), vantages,
        HostLocator.Facts.of(factsRtt, jitter));
    Optional<GeoPath> geoPath = Optional.empty();
    if (tr.isPresent()) {
      geoPath = Optional.of(GeoPathLocator.of(analyzer).locate(tr.get().result().path(),
          locator.geoIp().orElse(GeoIpService.empty()), vantage));
    }
    return new Result(target, p, tr, hopLookups, geoPath, stretch, source, vantages, report,
        warnings);
  }

  /** The trace, or empty with a warning when no backend can trace here. */
  private Optional<LiveTrace> traceOrWarn(LiveTarget target, List<Warning> warnings)
      throws ProbeException, InterruptedException {
    try {
      // The path's own distance, before its networks are known: the configured stretch or the
      // unknown network's, as `traceroute` reports it.
      return Optional.of(LiveTrace.probe(probes, trace, target, analyzer,
          estimator(routeStretch.orElse(AsnProfiles.bundled().defaultStretch(AsnType.UNKNOWN)))));
    } catch (ProbeUnavailableException e) {
      warnings.add(new Warning(Warning.Kind.NO_TRACEROUTE, "no traceroute: " + e.getMessage()));
      return Optional.empty();
    }
  }

  /** What GeoIP says about {@code address}; empty for a hop without one or a non-literal. */
  private Optional<HostLocator.Lookup> lookup(String address) throws GeoIpException {
    if (address == null || !IpAddresses.isLiteral(address)) {
      return Optional.empty();
    }
    return Optional.of(locator.lookup(address));
  }

  private DistanceEstimator estimator(double stretch) {
    return DistanceEstimator.builder().model(model).localDelayMs(localDelayMs)
        .routeStretch(stretch).build();
  }

  /** The destination's own minimum RTT in a live path, NaN when it never answered. */
  static double destinationMinRtt(List<Hop> hops, String destination) {
    double min = Double.NaN;
    for (Hop h : hops) {
      for (HopReply r : h.replies()) {
        if (r.answered() && destination.equals(r.address())) {
          min = Double.isNaN(min) ? r.rttMs() : Math.min(min, r.rttMs());
        }
      }
    }
    return min;
  }

  /**
   * The first hop's minimum RTT: the lowest TTL with an answer, unless that answer is the
   * destination's own (a one-hop path has no router to compare with).
   */
  static OptionalDouble firstHopMinRtt(List<Hop> hops, String destination) {
    for (Hop h : hops) {
      double min = Double.NaN;
      boolean dest = false;
      for (HopReply r : h.replies()) {
        if (r.answered()) {
          dest |= destination.equals(r.address());
          min = Double.isNaN(min) ? r.rttMs() : Math.min(min, r.rttMs());
        }
      }
      if (!Double.isNaN(min)) {
        return dest ? OptionalDouble.empty() : OptionalDouble.of(min);
      }
    }
    return OptionalDouble.empty();
  }

  /** Configures an {@link Analysis}; not thread-safe. */
  public static final class Builder {
    private final HostLocator locator;
    private final ProbeSelector probes;
    private LatLon vantage;
    private DistanceModel model = DistanceModel.FIBER_TWO_THIRDS;
    private double localDelayMs;
    private OptionalDouble routeStretch = OptionalDouble.empty();
    private PingSettings ping = PingSettings.DEFAULTS;
    private TraceSettings trace = TraceSettings.DEFAULTS;
    private RemoteVantages remote;

    private Builder(HostLocator locator, ProbeSelector probes) {
      this.locator = Objects.requireNonNull(locator, "host locator must not be null");
      this.probes = Objects.requireNonNull(probes, "probe selector must not be null");
    }

    /**
     * Where this machine is; null (the default) when unknown: the RTTs then bound distances
     * but place nothing, and only GeoIP can locate the target (unchecked).
     */
    public Builder vantage(LatLon at) {
      this.vantage = at;
      return this;
    }

    /** The distance model (default {@code fiber_2_3}). */
    public Builder distanceModel(DistanceModel m) {
      this.model = Objects.requireNonNull(m, "distance model must not be null");
      return this;
    }

    /** This machine's access delay in ms, finite and ≥ 0 (default 0). */
    public Builder localDelayMs(double ms) {
      if (!(ms >= 0) || Double.isInfinite(ms)) {
        throw new IllegalArgumentException("local delay must be a finite number of ms >= 0, got "
            + ms);
      }
      this.localDelayMs = ms;
      return this;
    }

    /**
     * A route stretch {@code s ≥ 1} for every target, replacing the one derived from the path's
     * networks (default: derived).
     */
    public Builder routeStretch(double s) {
      if (!(s >= 1.0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("route stretch must be a finite number >= 1, got "
            + s);
      }
      this.routeStretch = OptionalDouble.of(s);
      return this;
    }

    /**
     * Remote vantages measuring each target while this machine does (default none); their
     * observations are fused with this machine's, and {@link Analysis#bound()} grows to cover
     * their deadline.
     */
    public Builder remote(RemoteVantages vantages) {
      this.remote = vantages;
      return this;
    }

    /** How to ping (default {@link PingSettings#DEFAULTS}). */
    public Builder ping(PingSettings settings) {
      this.ping = Objects.requireNonNull(settings, "ping settings must not be null");
      return this;
    }

    /** How to trace (default {@link TraceSettings#DEFAULTS}). */
    public Builder trace(TraceSettings settings) {
      this.trace = Objects.requireNonNull(settings, "trace settings must not be null");
      return this;
    }

    public Analysis build() {
      return new Analysis(this);
    }
  }
}
