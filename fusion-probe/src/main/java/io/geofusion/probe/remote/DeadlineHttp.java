package io.geofusion.probe.remote;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange bounded by an absolute deadline: connect, headers and the whole body (a
 * server that stalls half-way through a body is cut at the deadline), with a size limit on the
 * body. Stateless.
 */
final class DeadlineHttp {

  private DeadlineHttp() {}

  /**
   * Sends {@code request} and reads the body, giving up at {@code deadline}.
   *
   * @throws HttpTimeoutException when the deadline passes first
   * @throws IOException when the connection fails or the body exceeds {@code limit} bytes
   * @throws InterruptedException when the calling thread is interrupted
   */
  static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request,
      Instant deadline, int limit) throws IOException, InterruptedException {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new HttpTimeoutException("deadline passed");
    }
    CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request.timeout(left).build(),
        BoundedBody.handler(limit));
    try {
      return f.get(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException("no complete answer before the deadline");
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException t) {
        throw t;
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(c == null ? "request failed" : c.toString(), c);
    }
  }

  /** Sleeps until {@code wake} or the deadline, whichever is first; false when past the deadline. */
  static boolean sleepUntil(Instant wake, Instant deadline) throws InterruptedException {
    Instant until = wake.isBefore(deadline) ? wake : deadline;
    long ms = Duration.between(Instant.now(), until).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
    return Instant.now().isBefore(deadline);
  }
}
