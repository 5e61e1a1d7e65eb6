package io.geofusion.probe.remote;

import io.geofusion.fusion.VantageObservation;
import io.geofusion.json.AgentProbeRequest;
import io.geofusion.json.PingResultDocument;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.EvidenceAssembler;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.RemoteVantages;
import io.geofusion.probe.ProbeMethod;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The client side of the agent protocol: asks every agent to ping a target, all at once, under
 * one deadline, and turns the answers into observations ({@link RemoteVantages}, so
 * {@link io.geofusion.locate.Analysis} fuses them with this machine's own).
 *
 * <p>Every agent gets its own outcome ({@link Outcome}): {@code ANSWERED} (with its minimum RTT,
 * or none when the target did not reply to it), {@code FAILED} (refused, HTTP error, an answer
 * that is not a {@code PING_RESULT} document for this target) or {@code TIMED_OUT} (no complete
 * answer by the deadline). None of them fails the run, and the wait never outlasts the deadline:
 * {@code start + }{@link #bound()}. The RTTs are the agents' own (measured on the agent; their
 * clocks are never compared with ours); an agent's access delay is taken as 0.
 *
 * <p>Thread-safe; one fleet serves many targets at once.
 */
public final class AgentFleet implements RemoteVantages {

  /** The slack an agent gets beyond the ping's own duration (connect, backend slack, reply). */
  public static final Duration SLACK = Duration.ofSeconds(5);

  /** Largest answer read from an agent. */
  public static final int MAX_ANSWER_BYTES = 1 << 20;

  private final List<AgentVantage> agents;
  private final String method;
  private final Integer port;
  private final int count;
  private final Duration interval;
  private final Duration timeout;
  private final Duration bound;
  private final Consumer<Report> listener;
  private final HttpClient http;

  private AgentFleet(Builder b) {
    this.agents = List.copyOf(b.agents);
    this.method = b.method;
    this.port = b.port;
    this.count = b.count;
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.listener = b.listener;
    // checks the settings once, before any target
    AgentProbeRequest probe = request("192.0.2.1");
    this.bound = b.deadline != null ? b.deadline : probe.duration().plus(SLACK);
    this.http = HttpClient.newBuilder().connectTimeout(bound)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A builder for these agents: ICMP, 5 pings 1 s apart, 2 s timeout, deadline = the ping's
   * duration + {@link #SLACK}.
   *
   * @param agents the agents, at least one
   * @return a builder
   */
  public static Builder builder(List<AgentVantage> agents) {
    return new Builder(agents);
  }

  /** How one agent fared. */
  public enum Status {
    /** It measured and answered; the target may still not have replied. */
    ANSWERED,
    /** Refused, an HTTP error, or an answer that is not the document asked for. */
    FAILED,
    /** No complete answer before the deadline. */
    TIMED_OUT
  }

  /**
   * One agent's outcome for one target.
   *
   * @param agent the agent
   * @param status how it fared
   * @param minRttMs the smallest RTT it measured, ms; NaN when none
   * @param detail one line: the RTT, the error, or the wait
   * @param document its answer when it answered, else null
   */
  public record Outcome(AgentVantage agent, Status status, double minRttMs, String detail,
      PingResultDocument document) {

    /**
     * An outcome.
     *
     * @param agent the agent
     * @param status the status
     * @param minRttMs the RTT
     * @param detail the detail
     * @param document the answer
     */
    public Outcome {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Every agent's outcome for one target, given to the listener when the wait ends.
   *
   * @param target the target
   * @param outcomes one per agent, in the fleet's order
   */
  public record Report(LiveTarget target, List<Outcome> outcomes) {

    /**
     * A report.
     *
     * @param target the target
     * @param outcomes the outcomes
     */
    public Report {
      Objects.requireNonNull(target, "target");
      outcomes = List.copyOf(outcomes);
    }
  }

  @Override
  public Duration bound() {
    return bound;
  }

  /**
   * The agents.
   *
   * @return the agents, in order
   */
  public List<AgentVantage> agents() {
    return agents;
  }

  @Override
  public Pending start(LiveTarget target) {
    Instant deadline = Instant.now().plus(bound);
    String body = request(target.addressText()).toJson();
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>(agents.size());
    for (AgentVantage a : agents) {
      HttpRequest r = HttpRequest.newBuilder(a.endpoint()).timeout(bound)
          .header("Authorization", "Bearer " + a.token())
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
      calls.add(http.sendAsync(r, BoundedBody.handler(MAX_ANSWER_BYTES)));
    }
    return () -> {
      List<Outcome> outcomes = new ArrayList<>(agents.size());
      List<VantageObservation> seen = new ArrayList<>();
      for (int i = 0; i < agents.size(); i++) {
        Outcome o = outcome(agents.get(i), calls.get(i), target, deadline);
        outcomes.add(o);
        if (!Double.isNaN(o.minRttMs())) {
          seen.add(EvidenceAssembler.observation(o.agent().vantageId(), o.agent().at(),
              o.minRttMs(), 0));
        }
      }
      if (listener != null) {
        listener.accept(new Report(target, outcomes));
      }
      return seen;
    };
  }

  /**
   * Asks every agent to ping {@code target} and waits for all under one deadline.
   *
   * @param target the target
   * @return one outcome per agent, in order
   * @throws InterruptedException when the calling thread is interrupted
   */
  public List<Outcome> probe(LiveTarget target) throws InterruptedException {
    List<Outcome> out = new ArrayList<>();
    AgentFleet quiet = new Builder(this).listener(r -> out.addAll(r.outcomes())).build();
    quiet.start(target).await();
    return out;
  }

  private AgentProbeRequest request(String target) {
    return new AgentProbeRequest(target, method, port, count, interval.toMillis(),
        timeout.toMillis());
  }

  private static Outcome outcome(AgentVantage a, CompletableFuture<HttpResponse<byte[]>> call,
      LiveTarget target, Instant deadline) throws InterruptedException {
    HttpResponse<byte[]> resp;
    try {
      long nanos = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
      resp = call.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      return new Outcome(a, Status.TIMED_OUT, Double.NaN, "no answer before the deadline", null);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException) {
        return new Outcome(a, Status.TIMED_OUT, Double.NaN, "no answer before the deadline",
            null);
      }
      return new Outcome(a, Status.FAILED, Double.NaN, "cannot reach " + a.url() + ": "
          + (c == null ? e : c.getMessage() == null ? c.getClass().getSimpleName()
          : c.getMessage()), null);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    }
    String text = new String(resp.body(), StandardCharsets.UTF_8);
    if (resp.statusCode() != 200) {
      return new Outcome(a, Status.FAILED, Double.NaN, "HTTP " + resp.statusCode() + ": "
          + oneLine(text), null);
    }
    PingResultDocument d;
    try {
      d = ProductJson.fromJson(text, PingResultDocument.class);
    } catch (IllegalArgumentException e) {
      return new Outcome(a, Status.FAILED, Double.NaN, "malformed answer: "
          + oneLine(e.getMessage()), null);
    }
    if (!target.addressText().equals(d.target())) {
      return new Outcome(a, Status.FAILED, Double.NaN, "answered for " + oneLine(d.target())
          + ", not " + target.addressText(), null);
    }
    Double min = d.metrics().minRtt();
    if (min == null || !(min >= 0) || min.isInfinite()) {
      return new Outcome(a, Status.ANSWERED, Double.NaN, "no reply from the target to the"
          + " agent's " + d.metrics().sent() + " probe(s)", d);
    }
    return new Outcome(a, Status.ANSWERED, min, String.format(java.util.Locale.ROOT,
        "min RTT %.3f ms (%d/%d replies)", min, d.metrics().received(), d.metrics().sent()), d);
  }

  private static String oneLine(String s) {
    String one = s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
    return one.length() <= 200 ? one : one.substring(0, 200) + "...";
  }

  /** Configures an {@link AgentFleet}; not thread-safe. */
  public static final class Builder {
    private final List<AgentVantage> agents;
    private String method = "icmp";
    private Integer port;
    private int count = 5;
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(2);
    private Duration deadline;
    private Consumer<Report> listener;

    private Builder(List<AgentVantage> agents) {
      this.agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
      if (agents.isEmpty()) {
        throw new IllegalArgumentException("an agent fleet needs at least one agent");
      }
    }

    private Builder(AgentFleet f) {
      this(f.agents);
      method = f.method;
      port = f.port;
      count = f.count;
      interval = f.interval;
      timeout = f.timeout;
      deadline = f.bound;
    }

    /**
     * The probe method and port the agents use (default ICMP).
     *
     * @param m the method
     * @param destinationPort the port for UDP/TCP, or null for the default; null for ICMP
     * @return this builder
     */
    public Builder method(ProbeMethod m, Integer destinationPort) {
      this.method = m.name().toLowerCase(java.util.Locale.ROOT);
      this.port = destinationPort;
      return this;
    }

    /**
     * How each agent pings (default 5 pings, 1 s apart, 2 s timeout); checked against
     * {@link AgentProbeRequest}'s limits when built.
     *
     * @param pings pings per agent
     * @param gap time between pings
     * @param wait per-ping timeout
     * @return this builder
     */
    public Builder ping(int pings, Duration gap, Duration wait) {
      this.count = pings;
      this.interval = Objects.requireNonNull(gap, "gap");
      this.timeout = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * The one deadline for every agent, from the start of a target (default the ping's duration
     * plus {@link #SLACK}).
     *
     * @param d positive
     * @return this builder
     */
    public Builder deadline(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("agent deadline must be positive, got " + d);
      }
      this.deadline = d;
      return this;
    }

    /**
     * Called with every target's report when its wait ends, on the waiting thread.
     *
     * @param l the listener, or null
     * @return this builder
     */
    public Builder listener(Consumer<Report> l) {
      this.listener = l;
      return this;
    }

    /**
     * The fleet.
     *
     * @return the fleet
     * @throws IllegalArgumentException when the ping settings exceed the protocol's limits
     */
    public AgentFleet build() {
      return new AgentFleet(this);
    }
  }
}
