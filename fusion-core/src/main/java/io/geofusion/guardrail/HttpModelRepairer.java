package io.geofusion.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.ProductJson;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.Limits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Repairs edges by asking a local language-model server that speaks the Ollama
 * {@code POST /api/generate} protocol (https://github.com/ollama/ollama/blob/main/docs/api.md):
 * request {@code {"model","prompt","stream":false,"format":"json","options":{"temperature":0}}},
 * reply {@code {"response":"<JSON text>","done":true}}. The prompt lists only the registry's valid
 * kinds (never aliases or observed-zone kinds) and asks for one JSON edge object.
 *
 * <p>Every request has a connect timeout and a whole-exchange timeout (headers and the complete
 * body), and the reply is read up to {@link Limits#MODEL_REPLY_BYTES}; transport failures
 * (connection refused, timeouts) and 5xx answers are retried at most {@code maxRetries} times
 * after a fixed {@code retryDelay}; other statuses and malformed replies are not retried (at
 * temperature 0 the same prompt gives the same answer). Failures surface as
 * {@link RepairException}s naming the server and the cause. Thread-safe.
 */
public final class HttpModelRepairer implements EdgeRepairer {


  private final URI generateUri;
  private final String model;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration retryDelay;
  private final HttpClient client;

  private HttpModelRepairer(Builder b) {
    this.generateUri = b.baseUri.resolve("/api/generate");
    this.model = b.model;
    this.requestTimeout = b.requestTimeout;
    this.maxRetries = b.maxRetries;
    this.retryDelay = b.retryDelay;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A builder for a server at {@code baseUri} (e.g. {@code http://127.0.0.1:11434}). */
  public static Builder builder(URI baseUri, String model) {
    return new Builder(baseUri, model);
  }

  @Override
  public String name() {
    return "ollama:" + model;
  }

  @Override
  public Optional<EdgeCandidate> repair(RepairRequest request) throws RepairException {
    byte[] body = requestBody(request);
    HttpRequest http = HttpRequest.newBuilder(generateUri).timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    String lastFailure = null;
    for (int tryNo = 0; tryNo <= maxRetries; tryNo++) {
      if (tryNo > 0 && !retryDelay.isZero()) {
        try {
          Thread.sleep(retryDelay.toMillis()); // fixed back-off between retries, not a sync point
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RepairException("interrupted while waiting to retry " + generateUri);
        }
      }
      HttpResponse<String> resp;
      try {
        resp = exchange(http);
      } catch (HttpTimeoutException e) {
        lastFailure = "no complete answer from " + generateUri + " within "
            + requestTimeout.toMillis() + " ms (--model-timeout covers the whole reply)";
        continue;
      } catch (ReplyTooLargeException e) {
        throw new RepairException(generateUri + " reply is larger than "
            + Limits.MODEL_REPLY_BYTES.describe() + "; not retried");
      } catch (IOException e) {
        lastFailure = "cannot reach " + generateUri + ": " + e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RepairException("interrupted while waiting for " + generateUri);
      }
      int status = resp.statusCode();
      if (status >= 500) {
        lastFailure = generateUri + " answered HTTP " + status + ": " + snippet(resp.body());
        continue;
      }
      if (status != 200) {
        throw new RepairException(generateUri + " answered HTTP " + status + " (not retried): "
            + snippet(resp.body()));
      }
      return Optional.of(parseReply(resp.body()));
    }
    throw new RepairException(lastFailure + " (after " + (maxRetries + 1) + " tries)");
  }

  /**
   * One request and its whole reply within {@code requestTimeout}: the client's own timeout
   * covers only the headers, so a reply trickling one byte a second (or an endless chunked body)
   * would run on; here the wait for the complete body is bounded, and so is its size.
   */
  private HttpResponse<String> exchange(HttpRequest http) throws IOException,
      InterruptedException {
    long max = Limits.MODEL_REPLY_BYTES.value();
    java.util.concurrent.atomic.AtomicReference<BoundedBody> body =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CompletableFuture<HttpResponse<String>> fut = client.sendAsync(http,
        info -> {
          BoundedBody b = new BoundedBody(max);
          body.set(b);
          return b;
        });
    try {
      return fut.get(requestTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new HttpTimeoutException("request timed out");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof ReplyTooLargeException r) {
        throw r;
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(c), c);
    } finally {
      if (!fut.isDone()) {
        fut.cancel(true);
      }
      BoundedBody b = body.get();
      if (b != null) {
        b.cancel();
      }
    }
  }

  /** Thrown when a reply grows past {@link Limits#MODEL_REPLY_BYTES}. */
  static final class ReplyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ReplyTooLargeException() {
      super("reply too large");
    }
  }

  /** Collects a UTF-8 body up to a byte limit, then cancels the transfer. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
    private final long max;
    private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    private final java.util.concurrent.CompletableFuture<String> result =
        new java.util.concurrent.CompletableFuture<>();
    private volatile java.util.concurrent.Flow.Subscription sub;

    BoundedBody(long max) {
      this.max = max;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      sub = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(java.util.List<java.nio.ByteBuffer> items) {
      for (java.nio.ByteBuffer b : items) {
        if (buf.size() + (long) b.remaining() > max) {
          result.completeExceptionally(new ReplyTooLargeException());
          cancel();
          return;
        }
        byte[] a = new byte[b.remaining()];
        b.get(a);
        buf.write(a, 0, a.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buf.toString(StandardCharsets.UTF_8));
    }

    @Override
    public java.util.concurrent.CompletionStage<String> getBody() {
      return result;
    }

    void cancel() {
      java.util.concurrent.Flow.Subscription s = sub;
      if (s != null) {
        s.cancel();
      }
    }
  }

  byte[] requestBody(RepairRequest request) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("model", model);
    o.put("prompt", prompt(request));
    o.put("stream", false);
    o.put("format", "json");
    o.putObject("options").put("temperature", 0);
    return ProductJson.toJson(o).getBytes(StandardCharsets.UTF_8);
  }

  /** The prompt: only valid kinds, the problems by reason code, the edge and its context. */
  static String prompt(RepairRequest r) {
    StringBuilder p = new StringBuilder(1024);
    p.append("You repair one edge of a network entity graph. Answer with exactly one JSON object ")
        .append("{\"src\": string, \"kind\": string, \"dst\": string, \"rule_id\": string, ")
        .append("\"confidence\": number} and nothing else.\n")
        .append("The kind must be exactly one of these (source node kind -> destination node ")
        .append("kind: meaning):\n");
    for (EdgeKindRegistry.KindSpec s : r.registry().specs()) {
      p.append("- ").append(s.kind()).append(" (").append(kinds(s.src())).append(" -> ")
          .append(kinds(s.dst())).append("): ").append(s.description()).append('\n');
    }
    p.append("Node ids start with their kind: host:, asn:, org:, flow:, service:, capture:.\n");
    if (r.contextNodeId() != null) {
      p.append("The edge was inferred about node ").append(r.contextNodeId()).append(".\n");
    }
    p.append("Problems with the edge:");
    for (Violation v : r.violations()) {
      p.append(' ').append(v.reason());
    }
    p.append("\nEdge: ").append(r.edge().toJson()).append('\n');
    if (!r.previousFailures().isEmpty()) {
      p.append("A previous answer was rejected; do not repeat it.\n");
    }
    return p.toString();
  }

  private static String kinds(java.util.Set<io.geofusion.graph.NodeKind> ks) {
    if (ks.isEmpty()) {
      return "any";
    }
    StringBuilder b = new StringBuilder();
    for (io.geofusion.graph.NodeKind k : ks) {
      b.append(b.length() == 0 ? "" : "|").append(k.prefix());
    }
    return b.toString();
  }

  private EdgeCandidate parseReply(String body) throws RepairException {
    JsonNode envelope;
    try {
      envelope = JsonTrees.read(body);
    } catch (IOException e) {
      throw new RepairException(generateUri + " reply is not JSON: " + snippet(body));
    }
    JsonNode response = envelope == null ? null : envelope.get("response");
    if (response == null || !response.isTextual()) {
      throw new RepairException(generateUri + " reply has no 'response' text: " + snippet(body));
    }
    JsonNode edge;
    try {
      edge = JsonTrees.read(response.textValue());
    } catch (IOException e) {
      throw new RepairException("model output is not JSON: " + snippet(response.textValue()));
    }
    if (edge == null || !edge.isObject()) {
      throw new RepairException("model output is not a JSON object: "
          + snippet(response.textValue()));
    }
    try {
      return EdgeCandidate.fromJson(edge);
    } catch (IllegalArgumentException e) {
      throw new RepairException("model output is not an edge: " + e.getMessage());
    }
  }

  private static String snippet(String s) {
    if (s == null) {
      return "(empty)";
    }
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() <= 120 ? one : one.substring(0, 120) + "…";
  }

  /** Configures an {@link HttpModelRepairer}. */
  public static final class Builder {
    private final URI baseUri;
    private final String model;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRetries = 1;
    private Duration retryDelay = Duration.ofMillis(250);

    private Builder(URI baseUri, String model) {
      if (baseUri == null || baseUri.getScheme() == null
          || !(baseUri.getScheme().equals("http") || baseUri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("model server URI must be http(s)://host:port, got "
            + baseUri);
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model name is required (e.g. qwen2.5:0.5b)");
      }
      this.baseUri = baseUri;
      this.model = model;
    }

    /** TCP connect timeout (default 2 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connect timeout");
      return this;
    }

    /** Deadline for the whole request including the model's answer (default 30 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "request timeout");
      return this;
    }

    /** Retries after a transport failure or 5xx, 0–5 (default 1). */
    public Builder maxRetries(int n) {
      if (n < 0 || n > 5) {
        throw new IllegalArgumentException("maxRetries must be in [0, 5], got " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /** Fixed delay before each retry (default 250 ms; zero allowed). */
    public Builder retryDelay(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("retry delay must be >= 0, got " + d);
      }
      this.retryDelay = d;
      return this;
    }

    public HttpModelRepairer build() {
      return new HttpModelRepairer(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
