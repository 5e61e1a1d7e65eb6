package io.geofusion.probe.remote;

import io.geofusion.json.AgentProbeRequest;
import io.geofusion.json.PingDocuments;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.PingSettings;
import io.geofusion.locate.ProbeSelector;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.ProbeException;
import io.geofusion.probe.ProbeMethod;
import io.geofusion.probe.ProbeUnavailableException;
import io.geofusion.probe.Prober;
import io.geofusion.probe.backend.Probers;
import io.geofusion.rtt.DistanceEstimator;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * The agent side of the agent protocol (v1, docs/agents.md), independent of any HTTP server: a
 * server mounts {@link #handle} at {@code POST} {@value #PATH} and writes the {@link Response}
 * back as it is.
 *
 * <pre>{@code
 * AgentHandler agent = AgentHandler.builder(token).build();
 * app.post(AgentHandler.PATH, ctx -> {              // e.g. Javalin
 *   AgentHandler.Response r = agent.handle(ctx.header("Authorization"), ctx.bodyAsBytes());
 *   r.headers().forEach(ctx::header);
 *   ctx.status(r.status()).contentType(AgentHandler.CONTENT_TYPE).result(r.body());
 * });
 * }</pre>
 *
 * <p>One request: the bearer token is compared in constant time (401 otherwise); the body (at
 * most {@value #MAX_BODY_BYTES} bytes, else 413) is an {@link AgentProbeRequest}; the target must
 * be an IP literal that the CLI's guards accept ({@link LiveTarget#literal}, and the probe API's
 * refusal of unspecified, multicast and broadcast addresses), else 400; at most
 * {@link Builder#maxConcurrent} requests probe at once (429 with {@code Retry-After: 5} beyond);
 * the ping runs through fusion-probe's backends ({@link Probers#select}, or the fixed backend
 * given) within the request's own deadline ({@link AgentProbeRequest#MAX_DURATION} at most, plus
 * the backend's slack); 503 when no backend can send that probe here, 502 when the probe fails
 * part-way. The answer (200) is the {@code PING_RESULT} document the CLI writes
 * ({@link PingDocuments#live}); errors are {@code {"error": "one line"}}.
 *
 * <p>Thread-safe: a server may call {@link #handle} from many threads.
 */
public final class AgentHandler {

  /** Where a server mounts the handler ({@code POST}). */
  public static final String PATH = "/v1/agent/ping";

  /** The content type of every answer. */
  public static final String CONTENT_TYPE = "application/json";

  /** Largest request body read. */
  public static final int MAX_BODY_BYTES = 4096;

  /** Default of {@link Builder#maxConcurrent}. */
  public static final int DEFAULT_MAX_CONCURRENT = 4;

  private final byte[] token;
  private final Prober fixed;
  private final Semaphore slots;

  private AgentHandler(Builder b) {
    this.token = b.token.getBytes(StandardCharsets.UTF_8);
    this.fixed = b.prober;
    this.slots = new Semaphore(b.maxConcurrent);
  }

  /**
   * A builder for an agent that accepts {@code token}.
   *
   * @param token the bearer token clients must send, 16 to 512 visible ASCII characters
   * @return a builder
   * @throws IllegalArgumentException when the token is too short or has other characters
   */
  public static Builder builder(String token) {
    return new Builder(token);
  }

  /**
   * An answer to write back as it is.
   *
   * @param status the HTTP status
   * @param body the JSON body (UTF-8)
   * @param headers extra response headers ({@code WWW-Authenticate}, {@code Retry-After})
   */
  public record Response(int status, String body, Map<String, String> headers) {

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body
     * @param headers extra headers
     */
    public Response {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }

    static Response error(int status, String message) {
      return error(status, message, Map.of());
    }

    static Response error(int status, String message, Map<String, String> headers) {
      return new Response(status, "{\"error\":" + ProductJson.toJson(message.replace('\n', ' '))
          + "}", headers);
    }
  }

  /**
   * Handles one request.
   *
   * @param authorization the request's {@code Authorization} header, or null
   * @param body the request body, or null
   * @return the answer
   * @throws InterruptedException when the calling thread is interrupted while probing
   */
  public Response handle(String authorization, byte[] body) throws InterruptedException {
    if (!authorised(authorization)) {
      return Response.error(401, "missing or wrong bearer token",
          Map.of("WWW-Authenticate", "Bearer"));
    }
    if (body == null || body.length == 0) {
      return Response.error(400, "empty body: send an agent probe request (docs/agents.md)");
    }
    if (body.length > MAX_BODY_BYTES) {
      return Response.error(413, "request larger than " + MAX_BODY_BYTES + " bytes");
    }
    AgentProbeRequest req;
    LiveTarget target;
    PingSettings settings;
    try {
      req = AgentProbeRequest.fromJson(new String(body, StandardCharsets.UTF_8));
      target = LiveTarget.literal(req.target());
      if (target == null) {
        return Response.error(400, "target must be an IP literal, got '" + req.target()
            + "': the caller resolves names once so every vantage probes the same address");
      }
      settings = new PingSettings(req.count(), Duration.ofMillis(req.intervalMs()),
          Duration.ofMillis(req.timeoutMs()));
      settings.request(target.address(), req.probeMethod(), req.portOrDefault());
    } catch (IllegalArgumentException | LiveTarget.TargetException e) {
      return Response.error(400, e.getMessage());
    }
    if (!slots.tryAcquire()) {
      return Response.error(429, "agent busy: " + slots.availablePermits()
          + " free probe slots; retry later", Map.of("Retry-After", "5"));
    }
    try {
      PingResult r = choose(req.probeMethod(), req.portOrDefault())
          .choose(Prober.Operation.PING, target.address()).ping(settings, target.address());
      return new Response(200, ProductJson.toJson(PingDocuments.live(r, target,
          DistanceEstimator.defaults())), Map.of());
    } catch (ProbeUnavailableException e) {
      return Response.error(503, "cannot probe here: " + e.getMessage());
    } catch (ProbeException e) {
      return Response.error(502, "probe failed: " + e.getMessage());
    } finally {
      slots.release();
    }
  }

  private ProbeSelector choose(ProbeMethod method, int port) {
    if (fixed != null) {
      return ProbeSelector.of(fixed, method, port);
    }
    return (op, address) -> ProbeSelector.of(Probers.select(op, method,
        address instanceof Inet6Address).prober(), method, port).choose(op, address);
  }

  private boolean authorised(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  /** Configures an {@link AgentHandler}; not thread-safe. */
  public static final class Builder {
    private final String token;
    private Prober prober;
    private int maxConcurrent = DEFAULT_MAX_CONCURRENT;

    private Builder(String token) {
      this.token = checkToken(token);
    }

    /**
     * Probes with this backend only (default: the first that can run, {@link Probers#select}).
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder prober(Prober backend) {
      this.prober = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Most requests probing at once, 1 to 64 (default {@value #DEFAULT_MAX_CONCURRENT}); more
     * are answered 429.
     *
     * @param n the limit
     * @return this builder
     */
    public Builder maxConcurrent(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("max concurrent probes must be in [1, 64], got " + n);
      }
      this.maxConcurrent = n;
      return this;
    }

    /**
     * The handler.
     *
     * @return the handler
     */
    public AgentHandler build() {
      return new AgentHandler(this);
    }
  }

  /**
   * Checks a bearer token: 16 to 512 visible ASCII characters.
   *
   * @param token the token
   * @return the token
   * @throws IllegalArgumentException when it is not one
   */
  static String checkToken(String token) {
    if (token == null || !token.matches("[\\x21-\\x7e]{16,512}")) {
      throw new IllegalArgumentException("an agent token must be 16 to 512 visible ASCII"
          + " characters (no spaces)");
    }
    return token;
  }
}
