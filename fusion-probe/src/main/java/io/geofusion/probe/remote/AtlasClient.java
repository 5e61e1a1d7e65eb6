package io.geofusion.probe.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.text.JsonTrees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A client of the RIPE Atlas REST API v2 ({@code java.net.http}): creates one-off ping
 * measurements, polls their results, and reads the probe list. Every call takes one absolute
 * deadline that bounds all its requests, waits and retries together.
 *
 * <ul>
 *   <li>{@code POST /api/v2/measurements/} with {@code definitions}, {@code probes} and
 *       {@code is_oneoff}; the key goes in the {@code Authorization: Key ...} header, never in
 *       the URL. Answer {@code {"measurements": [id]}}.
 *   <li>{@code GET /api/v2/measurements/{id}/results/?format=json}: a JSON array of results
 *       (parsed by the caller with {@link io.geofusion.formats.MeasurementReader}).
 *   <li>{@code GET /api/v2/measurements/{id}/}: the measurement's {@code status}.
 *   <li>{@code GET /api/v2/probes/?status=1&page_size=500}, following {@code next} on the same
 *       host: connected probes, for the probe cache.
 * </ul>
 *
 * <p><b>Errors</b> become one {@link AtlasException} line: 400 (the API's {@code error.detail}
 * and field errors), credit and daily limits ({@link AtlasException.Kind#NO_CREDIT}), 401/403
 * (key), 404, 429 (waited out when its {@code Retry-After} fits before the deadline, at most
 * {@value #MAX_RETRIES} times, else {@link AtlasException.Kind#RATE_LIMITED}), other statuses,
 * malformed JSON and bodies over {@value #MAX_BODY_BYTES} bytes.
 *
 * <p><b>Untested against the live service</b>: this machine cannot reach atlas.ripe.net; the
 * contract tests serve the documented shapes from loopback (docs/cli-live.md says what that
 * leaves open).
 *
 * <p>Immutable and thread-safe.
 */
public final class AtlasClient {

  /** The system property that replaces the API base URL (tests point it at loopback). */
  public static final String BASE_URL_PROPERTY = "geofusion.atlas.base-url";

  /** The real service. */
  public static final URI DEFAULT_BASE = URI.create("https://atlas.ripe.net/");

  /** Largest response body read, bytes (a 1,000-probe ping's results are about 1 MB). */
  public static final int MAX_BODY_BYTES = 64 << 20;

  /** Most 429 answers waited out within one call. */
  public static final int MAX_RETRIES = 5;

  /** Most probe-list pages read in one refresh (500 probes a page). */
  public static final int MAX_PROBE_PAGES = 200;

  /** Measurement statuses after which no more results come (ids as the API numbers them). */
  private static final Set<String> FINAL_STATUSES = Set.of("stopped", "forced to stop",
      "no suitable probes", "failed", "denied", "canceled", "archived");

  private final URI base;
  private final String key;
  private final HttpClient http;
  private final Duration firstPoll;
  private final Duration maxPoll;

  private AtlasClient(Builder b) {
    this.base = b.base;
    this.key = b.key;
    this.firstPoll = b.firstPoll;
    this.maxPoll = b.maxPoll;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A builder for the base URL of {@value #BASE_URL_PROPERTY} or {@link #DEFAULT_BASE}, no key,
   * polls 2 s apart at first, doubling to 30 s.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The API base URL in use.
   *
   * @return the base, ending with {@code /}
   */
  public URI base() {
    return base;
  }

  /**
   * Creates a one-off ping measurement.
   *
   * @param ping the definition and probes
   * @param deadline when to give up
   * @return the new measurement's id
   * @throws AtlasException when the API refuses it, the deadline passes, or the answer is not
   *     the documented shape
   * @throws InterruptedException when the calling thread is interrupted
   */
  public long createPing(AtlasPing ping, Instant deadline)
      throws AtlasException, InterruptedException {
    Objects.requireNonNull(ping, "ping");
    if (key == null) {
      throw new AtlasException(AtlasException.Kind.FORBIDDEN, "creating a RIPE Atlas"
          + " measurement needs an API key with the 'create a new user defined measurement'"
          + " permission: put it in a file and give --atlas-key-file FILE");
    }
    String body = createBody(ping).toString();
    HttpRequest.Builder r = request("api/v2/measurements/")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    JsonNode answer = json(exchange(r, deadline, "create the measurement"), "the creation");
    JsonNode ids = answer.path("measurements");
    if (!ids.isArray() || ids.isEmpty() || !ids.get(0).canConvertToLong()) {
      throw malformed("the creation answer has no 'measurements' id list: "
          + abbreviate(answer.toString()));
    }
    return ids.get(0).asLong();
  }

  /** The request body of {@link #createPing}, as the API documents it. */
  static ObjectNode createBody(AtlasPing ping) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode def = f.objectNode();
    def.put("type", "ping");
    def.put("af", ping.af());
    def.put("target", ping.target());
    def.put("description", ping.description());
    def.put("packets", ping.packets());
    def.put("size", ping.sizeBytes());
    ObjectNode probes = f.objectNode();
    probes.put("type", "probes");
    probes.put("value", String.join(",", ping.probeIds()));
    probes.put("requested", ping.probeIds().size());
    ObjectNode root = f.objectNode();
    root.set("definitions", f.arrayNode().add(def));
    root.set("probes", f.arrayNode().add(probes));
    root.put("is_oneoff", true);
    return root;
  }

  /**
   * What polling found.
   *
   * @param json the results as the API returned them (a JSON array), for
   *     {@link io.geofusion.formats.MeasurementReader}
   * @param probesReported distinct probes with a result
   * @param expected probes expected (0 when unknown)
   * @param status the measurement's last known status name, or null
   * @param complete true when every expected probe reported or the measurement ended; false when
   *     the deadline cut the wait (the results are then partial)
   */
  public record Poll(byte[] json, int probesReported, int expected, String status,
      boolean complete) {

    /**
     * A poll.
     *
     * @param json the results
     * @param probesReported probes with a result
     * @param expected probes expected
     * @param status the status
     * @param complete whether complete
     */
    public Poll {
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * Polls a measurement's results until {@code expected} probes reported, the measurement ended,
   * or the deadline: polls 2 s apart at first, doubling up to 30 s (configurable), never past
   * the deadline. A deadline passed while waiting is not an error: the results so far are
   * returned, {@link Poll#complete()} false.
   *
   * @param measurementId the measurement
   * @param expected probes expected; 0 waits for the measurement to end
   * @param deadline when to stop waiting
   * @return the results so far
   * @throws AtlasException when a request is refused or malformed, or no answer came at all
   *     before the deadline
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Poll awaitResults(long measurementId, int expected, Instant deadline)
      throws AtlasException, InterruptedException {
    Duration wait = firstPoll;
    Poll last = null;
    while (true) {
      try {
        byte[] body = results(measurementId, deadline);
        int reported = distinctProbes(body);
        String status = last == null ? null : last.status();
        boolean done = expected > 0 && reported >= expected;
        if (!done) {
          status = status(measurementId, deadline);
          done = status != null && FINAL_STATUSES.contains(status.toLowerCase(Locale.ROOT));
        }
        last = new Poll(body, reported, expected, status, done);
        if (done) {
          return last;
        }
      } catch (AtlasException e) {
        if (e.kind() != AtlasException.Kind.DEADLINE || last == null) {
          throw e;
        }
        return last;
      }
      if (!DeadlineHttp.sleepUntil(Instant.now().plus(wait), deadline)) {
        return last;
      }
      wait = wait.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : wait.multipliedBy(2);
    }
  }

  /**
   * A measurement's results as they are now.
   *
   * @param measurementId the measurement
   * @param deadline when to give up
   * @return the JSON array of results
   * @throws AtlasException when refused, malformed or past the deadline
   * @throws InterruptedException when the calling thread is interrupted
   */
  public byte[] results(long measurementId, Instant deadline)
      throws AtlasException, InterruptedException {
    checkId(measurementId);
    byte[] body = exchange(request("api/v2/measurements/" + measurementId
        + "/results/?format=json").GET(), deadline, "fetch the results of measurement "
        + measurementId);
    JsonNode n = json(body, "the results of measurement " + measurementId);
    if (!n.isArray()) {
      throw malformed("the results of measurement " + measurementId + " are not a JSON array: "
          + abbreviate(n.toString()));
    }
    return body;
  }

  /** The measurement's status name ({@code status.name}), or null when the answer has none. */
  private String status(long measurementId, Instant deadline)
      throws AtlasException, InterruptedException {
    JsonNode n = json(exchange(request("api/v2/measurements/" + measurementId + "/").GET(),
        deadline, "read measurement " + measurementId), "measurement " + measurementId);
    JsonNode s = n.path("status");
    return s.isObject() ? s.path("name").asText(null) : s.isTextual() ? s.asText() : null;
  }

  /**
   * The connected probes, page by page ({@code GET /api/v2/probes/?status=1}), for the cache.
   *
   * @param deadline when to give up
   * @return every connected probe with a position
   * @throws AtlasException when refused, malformed, past the deadline or longer than
   *     {@value #MAX_PROBE_PAGES} pages
   * @throws InterruptedException when the calling thread is interrupted
   */
  public List<VantageCandidate> connectedProbes(Instant deadline)
      throws AtlasException, InterruptedException {
    List<VantageCandidate> out = new ArrayList<>();
    URI next = base.resolve("api/v2/probes/?status=1&page_size=500");
    for (int page = 0; next != null; page++) {
      if (page == MAX_PROBE_PAGES) {
        throw malformed("the probe list has more than " + MAX_PROBE_PAGES + " pages");
      }
      JsonNode n = json(exchange(authorised(HttpRequest.newBuilder(next)).GET(), deadline,
          "read the probe list"), "the probe list");
      if (!n.path("results").isArray()) {
        throw malformed("a probe list page has no 'results' array");
      }
      out.addAll(AtlasProbeArchive.probes(n.get("results"), "the probe list").probes());
      String link = n.path("next").asText(null);
      next = null;
      if (link != null && !link.isBlank()) {
        URI u = URI.create(link);
        if (!Objects.equals(u.getHost(), base.getHost())) {
          throw malformed("the probe list's 'next' link leaves " + base.getHost() + ": " + link);
        }
        next = u;
      }
    }
    return out;
  }

  /** One request with retries on 429; the body of a 2xx answer. */
  private byte[] exchange(HttpRequest.Builder r, Instant deadline, String what)
      throws AtlasException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> resp;
      try {
        resp = DeadlineHttp.send(http, r, deadline, MAX_BODY_BYTES);
      } catch (HttpTimeoutException e) {
        throw new AtlasException(AtlasException.Kind.DEADLINE, "RIPE Atlas: no answer before"
            + " the deadline when trying to " + what + "; try again or give more time", e);
      } catch (IOException e) {
        throw new AtlasException(AtlasException.Kind.UNAVAILABLE, "RIPE Atlas at "
            + base.getHost() + ": cannot " + what + ": " + e.getMessage(), e);
      }
      int code = resp.statusCode();
      if (code >= 200 && code < 300) {
        return resp.body();
      }
      if (code == 429) {
        Duration after = retryAfter(resp);
        Instant wake = Instant.now().plus(after);
        if (attempt < MAX_RETRIES && wake.isBefore(deadline)) {
          DeadlineHttp.sleepUntil(wake, deadline);
          continue;
        }
        throw new AtlasException(AtlasException.Kind.RATE_LIMITED, "RIPE Atlas rate limit"
            + " (HTTP 429) when trying to " + what + ": it asks to wait " + after.toSeconds()
            + " s, past this run's deadline; try again later");
      }
      throw refusal(code, resp.body(), what);
    }
  }

  /** The wait a 429 asks for: Retry-After in seconds or as an HTTP date; 5 s when absent. */
  static Duration retryAfter(HttpResponse<?> resp) {
    String v = resp.headers().firstValue("Retry-After").orElse("").strip();
    if (v.matches("[0-9]{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Duration d = Duration.between(Instant.now(),
          ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return Duration.ofSeconds(5);
    }
  }

  /** The one-line exception for a non-2xx answer, from the API's documented error object. */
  static AtlasException refusal(int code, byte[] body, String what) {
    String detail = errorDetail(body);
    String said = detail.isEmpty() ? "" : ": " + detail;
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("credit") || lower.contains("spending") || lower.contains("daily")
        || lower.contains("concurrent")) {
      return new AtlasException(AtlasException.Kind.NO_CREDIT, "RIPE Atlas refused to " + what
          + " (HTTP " + code + ", credits or limits)" + said + "; check your credit balance"
          + " on atlas.ripe.net or ask for fewer probes (--atlas-probes)");
    }
    return switch (code) {
      case 400 -> new AtlasException(AtlasException.Kind.BAD_REQUEST, "RIPE Atlas refused to "
          + what + " (HTTP 400)" + said);
      case 401, 403 -> new AtlasException(AtlasException.Kind.FORBIDDEN, "RIPE Atlas refused"
          + " the key (HTTP " + code + ") when trying to " + what + said + "; check the key"
          + " file and that the key may create measurements");
      case 404 -> new AtlasException(AtlasException.Kind.NOT_FOUND, "RIPE Atlas: cannot "
          + what + " (HTTP 404: no such measurement)" + said);
      default -> new AtlasException(AtlasException.Kind.UNAVAILABLE, "RIPE Atlas: cannot "
          + what + " (HTTP " + code + ")" + said + "; try again later");
    };
  }

  /**
   * The API's error text: {@code error.detail} (or {@code error.title}) and each
   * {@code error.errors[].detail} with its {@code source.pointer}; the body's first line when it
   * is not that shape.
   */
  static String errorDetail(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = JsonTrees.read(body);
      JsonNode e = n == null ? null : n.path("error");
      if (e != null && e.isObject()) {
        List<String> parts = new ArrayList<>();
        String d = e.path("detail").asText(e.path("title").asText(""));
        if (!d.isBlank()) {
          parts.add(d.strip());
        }
        if (e.path("errors").isArray()) {
          for (JsonNode x : (ArrayNode) e.get("errors")) {
            String p = x.path("source").path("pointer").asText("");
            String xd = x.path("detail").asText("");
            if (!xd.isBlank()) {
              parts.add((p.isBlank() ? "" : p + ": ") + xd.strip());
            }
          }
        }
        return abbreviate(String.join("; ", parts));
      }
      if (n != null && n.path("detail").isTextual()) {
        return abbreviate(n.get("detail").asText());
      }
    } catch (IOException ignored) {
      // not JSON: fall through to the text
    }
    int nl = text.indexOf('\n');
    return abbreviate(nl < 0 ? text : text.substring(0, nl));
  }

  private static JsonNode json(byte[] body, String what) throws AtlasException {
    try {
      JsonNode n = JsonTrees.read(body);
      if (n == null) {
        throw malformed(what + ": the answer is empty");
      }
      return n;
    } catch (IOException e) {
      throw malformed(what + ": the answer is not valid JSON (" + firstLine(e.getMessage())
          + ")");
    }
  }

  /** Distinct {@code prb_id}s in a results array. */
  private static int distinctProbes(byte[] body) throws AtlasException {
    Set<String> ids = new HashSet<>();
    for (JsonNode r : json(body, "results")) {
      JsonNode p = r.get("prb_id");
      if (p != null) {
        ids.add(p.asText());
      }
    }
    return ids.size();
  }

  private HttpRequest.Builder request(String path) {
    return authorised(HttpRequest.newBuilder(base.resolve(path)));
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder b) {
    b.header("Accept", "application/json").header("User-Agent", "geofusion");
    if (key != null) {
      b.header("Authorization", "Key " + key);
    }
    return b;
  }

  private static void checkId(long id) {
    if (id <= 0) {
      throw new IllegalArgumentException("a RIPE Atlas measurement id is a positive integer, got "
          + id);
    }
  }

  private static AtlasException malformed(String message) {
    return new AtlasException(AtlasException.Kind.MALFORMED, "RIPE Atlas: " + message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }

  /** Configures an {@link AtlasClient}; not thread-safe. */
  public static final class Builder {
    private URI base;
    private String key;
    private Duration firstPoll = Duration.ofSeconds(2);
    private Duration maxPoll = Duration.ofSeconds(30);

    private Builder() {
      String prop = System.getProperty(BASE_URL_PROPERTY);
      base = prop == null || prop.isBlank() ? DEFAULT_BASE : normalise(URI.create(prop.strip()));
    }

    /**
     * The API base URL (default {@value #BASE_URL_PROPERTY} or {@link #DEFAULT_BASE}).
     *
     * @param url an http or https URL
     * @return this builder
     */
    public Builder baseUrl(URI url) {
      this.base = normalise(Objects.requireNonNull(url, "url"));
      return this;
    }

    /**
     * The API key, or null for none (reading results of public measurements needs none).
     *
     * @param apiKey the key as RIPE Atlas issued it
     * @return this builder
     */
    public Builder key(String apiKey) {
      if (apiKey != null && !apiKey.strip().matches("[A-Za-z0-9-]{8,100}")) {
        throw new IllegalArgumentException("a RIPE Atlas API key is 8-100 letters, digits and"
            + " dashes (a UUID); check the key file");
      }
      this.key = apiKey == null ? null : apiKey.strip();
      return this;
    }

    /**
     * The first wait between polls and the largest; the wait doubles after each poll.
     *
     * @param first first wait, positive
     * @param max largest wait, at least {@code first}
     * @return this builder
     */
    public Builder pollBackoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("poll back-off needs 0 < first <= max, got " + first
            + ", " + max);
      }
      this.firstPoll = first;
      this.maxPoll = max;
      return this;
    }

    /**
     * The client.
     *
     * @return the client
     */
    public AtlasClient build() {
      return new AtlasClient(this);
    }

    private static URI normalise(URI u) {
      String s = u.getScheme();
      if (!"http".equals(s) && !"https".equals(s)) {
        throw new IllegalArgumentException("the RIPE Atlas base URL must be http(s), got " + u);
      }
      return u.toString().endsWith("/") ? u : URI.create(u + "/");
    }
  }
}
