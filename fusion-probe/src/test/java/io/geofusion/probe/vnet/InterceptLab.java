package io.geofusion.probe.vnet;

import io.geofusion.probe.internal.Libc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Three network namespaces in a row, client → router → target, joined by veth pairs: a real
 * kernel path with a real forwarding router. With {@code intercept}, the router's nftables
 * redirect every TCP connection from the client side to a local listener that accepts anything
 * (a transparent proxy, as a captive portal or a "security" box does); without it, the router
 * only forwards (the control lab).
 *
 * <p>Addresses: client {@value #CLIENT} (default route via {@code 198.18.100.1}), router
 * {@code 198.18.100.1} and {@code 198.18.200.1}, target {@value #TARGET}, which listens on TCP
 * {@value #OPEN_PORT} and nowhere else. Nothing is connected to the root namespace, so no packet
 * leaves these three. Namespaces are named {@code gfprobe-<pid>-<n>-client|router|target}
 * (removed as stale by {@link Netns#removeStale} when their JVM is gone); {@link #close} deletes
 * them. Needs root, iproute2 and, for {@code intercept}, {@code nft}.
 */
public final class InterceptLab implements AutoCloseable {

  public static final String CLIENT = "198.18.100.2";
  public static final String TARGET = "198.18.200.2";
  public static final int OPEN_PORT = 443;
  /** Where the router's accept-all listener sits. */
  static final int PROXY_PORT = 15001;
  private static final AtomicInteger SEQ = new AtomicInteger(100);

  private final String base;
  private final List<String> namespaces = new ArrayList<>();
  private final List<ExecutorService> threads = new ArrayList<>();
  private final List<ServerSocketChannel> listeners = new ArrayList<>();
  private ExecutorService client;

  private InterceptLab(String base) {
    this.base = base;
  }

  /** Why the lab cannot be built here, or empty when it can. */
  public static java.util.Optional<String> unavailableReason(boolean intercept) {
    java.util.Optional<String> why = VirtualNetwork.unavailableReason();
    if (why.isPresent() || !intercept) {
      return why;
    }
    try {
      Netns.run("nft", "--version");
    } catch (IOException e) {
      return java.util.Optional.of("nftables `nft` is not installed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.of("interrupted");
    }
    return java.util.Optional.empty();
  }

  /** Builds the three namespaces; the router intercepts all TCP when {@code intercept}. */
  public static InterceptLab start(boolean intercept) throws IOException, InterruptedException {
    Netns.removeStale();
    InterceptLab lab = new InterceptLab(Netns.name(SEQ.incrementAndGet()));
    try {
      lab.build(intercept);
      return lab;
    } catch (IOException | InterruptedException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  private String ns(String role) {
    return base + "-" + role;
  }

  private void build(boolean intercept) throws IOException, InterruptedException {
    for (String role : List.of("client", "router", "target")) {
      Netns.run("ip", "netns", "add", ns(role));
      namespaces.add(ns(role));
      Netns.run("ip", "-n", ns(role), "link", "set", "lo", "up");
    }
    String c = ns("client");
    String r = ns("router");
    String t = ns("target");
    Netns.run("ip", "link", "add", "gfp-c", "netns", c, "type", "veth", "peer", "name",
        "gfp-rc", "netns", r);
    Netns.run("ip", "link", "add", "gfp-t", "netns", t, "type", "veth", "peer", "name",
        "gfp-rt", "netns", r);
    for (String[] a : new String[][] {{c, "gfp-c", CLIENT + "/24"},
        {r, "gfp-rc", "198.18.100.1/24"}, {r, "gfp-rt", "198.18.200.1/24"},
        {t, "gfp-t", TARGET + "/24"}}) {
      Netns.run("ip", "-n", a[0], "addr", "add", a[2], "dev", a[1]);
      Netns.run("ip", "-n", a[0], "link", "set", a[1], "up");
    }
    Netns.run("ip", "-n", c, "route", "add", "default", "via", "198.18.100.1");
    Netns.run("ip", "-n", t, "route", "add", "default", "via", "198.18.200.1");
    Netns.run("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    Netns.run("ip", "netns", "exec", c, "sysctl", "-qw",
        "net.ipv4.ping_group_range=0 2147483647");
    listen(t, OPEN_PORT);
    if (intercept) {
      listen(r, PROXY_PORT);
      Netns.run("ip", "netns", "exec", r, "nft", "add table ip gfprobe");
      Netns.run("ip", "netns", "exec", r, "nft",
          "add chain ip gfprobe pre { type nat hook prerouting priority dstnat; policy accept; }");
      Netns.run("ip", "netns", "exec", r, "nft", "add rule ip gfprobe pre iifname \"gfp-rc\""
          + " meta l4proto tcp redirect to :" + PROXY_PORT);
    }
    client = inside(c);
  }

  /** A single thread that has entered namespace {@code ns} (namespaces are per thread). */
  private ExecutorService inside(String ns) throws IOException, InterruptedException {
    ExecutorService e = Executors.newSingleThreadExecutor(r -> {
      Thread th = new Thread(r, "lab-" + ns);
      th.setDaemon(true);
      return th;
    });
    threads.add(e);
    run(e, () -> {
      int fd = Sys.open("/run/netns/" + ns, Sys.O_RDONLY | Sys.O_CLOEXEC);
      try {
        Sys.setns(fd, Sys.CLONE_NEWNET);
      } finally {
        Libc.closeQuietly(fd);
      }
      return null;
    });
    return e;
  }

  /** A listener in {@code ns} on {@code port} that accepts every connection and closes it. */
  private void listen(String ns, int port) throws IOException, InterruptedException {
    ExecutorService e = inside(ns);
    ServerSocketChannel s = run(e, () -> {
      ServerSocketChannel ch = ServerSocketChannel.open();
      ch.bind(new InetSocketAddress(port), 128);
      return ch;
    });
    listeners.add(s);
    e.submit(() -> {
      while (s.isOpen()) {
        try {
          // accepted and closed: the handshake is all a TCP ping measures
          SocketChannel accepted = s.accept();
          accepted.close();
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  private static <T> T run(ExecutorService e, Callable<T> task)
      throws IOException, InterruptedException {
    Future<T> f = e.submit(task);
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException x) {
      Throwable c = x.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException("lab setup failed: " + c, c);
    } catch (TimeoutException x) {
      f.cancel(true);
      throw new IOException("lab setup did not finish within 30 s", x);
    }
  }

  /** The client namespace's name (for {@code ip netns exec}). */
  public String clientNamespace() {
    return ns("client");
  }

  /**
   * Runs {@code task} on a thread inside the client namespace, waiting at most 120 s.
   *
   * @throws Exception whatever {@code task} threw
   */
  public <T> T call(Callable<T> task) throws Exception {
    Future<T> f = client.submit(task);
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("task in " + clientNamespace() + " took over 120 s", e);
    }
  }

  /** Stops the listeners and threads and deletes the namespaces; idempotent. */
  @Override
  public void close() throws IOException {
    for (ServerSocketChannel s : listeners) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a listener that is already gone
      }
    }
    listeners.clear();
    threads.forEach(ExecutorService::shutdownNow);
    threads.clear();
    IOException first = null;
    for (String n : namespaces) {
      try {
        Netns.run("ip", "netns", "del", n);
      } catch (IOException e) {
        first = first == null ? e : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    namespaces.clear();
    if (first != null) {
      throw first;
    }
  }
}
