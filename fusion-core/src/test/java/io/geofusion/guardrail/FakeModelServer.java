package io.geofusion.guardrail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 that speaks enough of Ollama's {@code /api/generate} to
 * test the model repairer: each request gets the reply the test scripted for its index. A
 * {@code stall} reply holds the connection until {@link #release()} (or 30 s), to trigger
 * client timeouts without sleeping.
 */
final class FakeModelServer implements AutoCloseable {

  /** How the body is sent. */
  enum Mode { WHOLE, TRICKLE, ENDLESS_CHUNKED }

  record Reply(int status, String body, boolean stall, CountDownLatch gate, Mode mode) {
    static Reply ok(String body) {
      return new Reply(200, body, false, null, Mode.WHOLE);
    }

    static Reply status(int s, String body) {
      return new Reply(s, body, false, null, Mode.WHOLE);
    }

    static Reply stalled() {
      return new Reply(0, null, true, null, Mode.WHOLE);
    }

    /** Answers {@code body} once {@code gate} opens (a slow model). */
    static Reply after(CountDownLatch gate, String body) {
      return new Reply(200, body, false, gate, Mode.WHOLE);
    }

    /** Headers at once, then {@code body} one byte every 100 ms. */
    static Reply trickle(String body) {
      return new Reply(200, body, false, null, Mode.TRICKLE);
    }

    /** A chunked body that never ends (1 MiB chunks until the client goes away). */
    static Reply endless() {
      return new Reply(200, "", false, null, Mode.ENDLESS_CHUNKED);
    }
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final CountDownLatch released = new CountDownLatch(1);
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> paths = new CopyOnWriteArrayList<>();
  final CountDownLatch firstRequest = new CountDownLatch(1);
  private volatile IntFunction<Reply> script;

  FakeModelServer(IntFunction<Reply> script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fake-model-server");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** An Ollama reply envelope whose {@code response} is {@code modelText}. */
  static String envelope(String modelText) {
    return "{\"model\":\"test\",\"response\":" + quote(modelText) + ",\"done\":true}";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  int requests() {
    return bodies.size();
  }

  /** Waits at most {@code wait} until {@code n} requests have been read; a stalled client may
   * give up before the server thread has read its request. */
  boolean awaitRequests(int n, Duration wait) throws InterruptedException {
    if (!arrivals.tryAcquire(n, wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    arrivals.release(n);
    return true;
  }

  private final java.util.concurrent.Semaphore arrivals = new java.util.concurrent.Semaphore(0);

  void release() {
    released.countDown();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> handle(s), "fake-model-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket s) {
    try (s) {
      s.setSoTimeout(30_000);
      InputStream in = s.getInputStream();
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      paths.add(lines[0]);
      int length = 0;
      for (String l : lines) {
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      int index = bodies.size();
      bodies.add(new String(body, StandardCharsets.UTF_8));
      arrivals.release();
      firstRequest.countDown();
      Reply r = script.apply(index);
      if (r.stall()) {
        released.await(30, TimeUnit.SECONDS);
        return;
      }
      if (r.gate() != null) {
        r.gate().await(30, TimeUnit.SECONDS);
      }
      byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
      OutputStream o = s.getOutputStream();
      if (r.mode() == Mode.ENDLESS_CHUNKED) {
        o.write(("HTTP/1.1 200 X\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        while (released.getCount() > 0) {
          o.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          o.write(chunk);
          o.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return;
      }
      if (r.mode() == Mode.TRICKLE) {
        o.write(("HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: "
            + out.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte b : out) {
          o.write(b);
          o.flush();
          if (released.await(100, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
        return;
      }
      o.write(("HTTP/1.1 " + r.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
          + out.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      o.write(out);
      o.flush();
    } catch (IOException | InterruptedException e) {
      // client went away; nothing to do
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
          : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        break;
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    socket.close();
  }
}
