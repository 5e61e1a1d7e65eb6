package io.geofusion.probe.vnet;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.geofusion.probe.internal.Libc;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A network namespace whose only interfaces are {@code lo} and a TUN device {@code gfp0}
 * terminated by a Java handler that emulates a {@link Scenario}'s path.
 *
 * <p>Why nothing leaks: the namespace has no veth, bridge or physical interface, only the TUN
 * device whose other end is this object, so every packet routed in the namespace (the default
 * routes point into the TUN) is read by {@link PathEmulator} and at most answered back into the
 * TUN. The root namespace's addresses and routes are never touched. Probers run inside via
 * {@link #call(Callable)}, on a thread that entered the namespace with {@code setns(2)} (network
 * namespaces are per thread; sockets keep the namespace they were created in; child processes
 * inherit it).
 *
 * <p>The namespace gets {@code 198.18.0.1/32} and {@code 2001:db8:ffff::1/128} on {@code gfp0}
 * and, unless asked otherwise, {@code net.ipv4.ping_group_range = 0 2147483647} so unprivileged
 * ICMP sockets work inside it (the sysctl is per namespace). {@link #close()} stops the handler,
 * closes the TUN and deletes the namespace; stale {@code gfprobe-*} namespaces from dead JVMs are
 * removed on creation.
 */
public final class VirtualNetwork implements AutoCloseable {

  public static final String IFNAME = "gfp0";
  public static final String SOURCE_V4 = "198.18.0.1";
  public static final String SOURCE_V6 = "2001:db8:ffff::1";
  private static final long TUNSETIFF = 0x400454caL;
  private static final short IFF_TUN = 0x0001;
  private static final short IFF_NO_PI = 0x1000;
  private static final AtomicInteger SEQ = new AtomicInteger();
  /**
   * The writer spins this long before a reply's deadline: a parked thread wakes up to the
   * kernel's timer slack (50 µs by default, 0 under SCHED_FIFO) plus wake-up latency late.
   */
  private static final long SPIN_NANOS = 200_000;
  private static final long IDLE_PARK_NANOS = 50_000_000;

  private final String name;
  private final ExecutorService inside;
  private final Thread reader;
  private final Thread writer;
  private final PriorityQueue<Pending> queue = new PriorityQueue<>();
  private volatile boolean running = true;
  private volatile Scenario scenario;
  private volatile PathEmulator emulator;
  private volatile int tunFd = -1;
  private final AtomicInteger packetsIn = new AtomicInteger();
  private volatile String boost = "default";

  private record Pending(long dueNanos, long order, byte[] packet) implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      int c = Long.compare(dueNanos - o.dueNanos, 0);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  /** Why the virtual network cannot be built here, or empty when it can. */
  public static Optional<String> unavailableReason() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of("the virtual network needs Linux network namespaces");
    }
    try {
      if (Libc.geteuid() != 0) {
        return Optional.of("the virtual network needs root (network namespaces and a TUN device)");
      }
    } catch (UnsatisfiedLinkError e) {
      return Optional.of("JNA cannot load libc: " + e.getMessage());
    }
    if (!new File("/dev/net/tun").exists()) {
      return Optional.of("/dev/net/tun is absent (load the tun module or run with --device"
          + " /dev/net/tun)");
    }
    try {
      Netns.run("ip", "-V");
    } catch (IOException e) {
      return Optional.of("iproute2 `ip` is not installed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Optional.empty();
  }

  /** Builds the namespace and starts emulating {@code scenario}, with unprivileged ICMP allowed. */
  public static VirtualNetwork start(Scenario scenario) throws IOException, InterruptedException {
    return start(scenario, true);
  }

  /**
   * Builds the namespace and starts emulating {@code scenario}.
   *
   * @param allowPingSockets whether to widen {@code ping_group_range} inside the namespace
   */
  public static VirtualNetwork start(Scenario scenario, boolean allowPingSockets)
      throws IOException, InterruptedException {
    Netns.removeStale();
    String name = Netns.name(SEQ.incrementAndGet());
    Netns.run("ip", "netns", "add", name);
    VirtualNetwork vn = null;
    try {
      vn = new VirtualNetwork(name, scenario);
      vn.configure(allowPingSockets);
      return vn;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (vn != null) {
        vn.close();
      } else {
        Netns.run("ip", "netns", "del", name);
      }
      throw e;
    }
  }

  private VirtualNetwork(String name, Scenario scenario) throws IOException, InterruptedException {
    this.name = name;
    this.scenario = scenario;
    this.emulator = new PathEmulator(scenario);
    this.inside = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vnet-" + name);
      t.setDaemon(true);
      return t;
    });
    try {
      enterNamespaceAndOpenTun();
    } catch (IOException | InterruptedException | RuntimeException e) {
      inside.shutdownNow();
      throw e;
    }
    this.reader = new Thread(this::readLoop, "vnet-read-" + name);
    this.writer = new Thread(this::writeLoop, "vnet-write-" + name);
    reader.setDaemon(true);
    writer.setDaemon(true);
    writer.setPriority(Thread.MAX_PRIORITY);
    reader.start();
    writer.start();
  }

  private void enterNamespaceAndOpenTun() throws IOException, InterruptedException {
    callUnchecked(() -> {
      int nsFd = Sys.open("/run/netns/" + name, Sys.O_RDONLY | Sys.O_CLOEXEC);
      try {
        Sys.setns(nsFd, Sys.CLONE_NEWNET);
      } finally {
        Libc.closeQuietly(nsFd);
      }
      return null;
    });
    this.tunFd = callUnchecked(VirtualNetwork::openTun);
  }

  private static int openTun() {
    int fd = Sys.open("/dev/net/tun", Sys.O_RDWR | Sys.O_CLOEXEC | Sys.O_NONBLOCK);
    Memory ifr = new Memory(40);
    ifr.clear(40);
    byte[] n = IFNAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ifr.write(0, n, 0, n.length);
    ifr.setShort(16, (short) (IFF_TUN | IFF_NO_PI));
    try {
      Sys.ioctl(fd, TUNSETIFF, ifr);
    } catch (LastErrorException e) {
      Libc.closeQuietly(fd);
      throw e;
    }
    return fd;
  }

  private void configure(boolean allowPingSockets) throws IOException, InterruptedException {
    for (List<String> cmd : List.of(
        Netns.ipIn(name, "link", "set", "lo", "up"),
        Netns.ipIn(name, "addr", "add", SOURCE_V4 + "/32", "dev", IFNAME),
        Netns.ipIn(name, "-6", "addr", "add", SOURCE_V6 + "/128", "dev", IFNAME, "nodad"),
        Netns.ipIn(name, "link", "set", IFNAME, "up"),
        Netns.ipIn(name, "route", "add", "default", "dev", IFNAME, "src", SOURCE_V4),
        Netns.ipIn(name, "-6", "route", "add", "default", "dev", IFNAME, "src", SOURCE_V6))) {
      Netns.run(cmd.toArray(String[]::new));
    }
    Netns.run("ip", "netns", "exec", name, "sysctl", "-qw",
        "net.ipv4.ping_group_range=" + (allowPingSockets ? "0 2147483647" : "1 0"));
  }

  /** The namespace's name ({@code gfprobe-<pid>-<n>}). */
  public String name() {
    return name;
  }

  /** The scenario's destination. */
  public InetAddress destination() {
    return scenario.destinationAddress();
  }

  /** Swaps the emulated scenario (same family as before keeps the same addresses). */
  public void emulate(Scenario next) {
    this.scenario = next;
    this.emulator = new PathEmulator(next);
  }

  /** How the handler threads were scheduled ("SCHED_FIFO 10", "nice -20" or "default"). */
  public String scheduling() {
    return boost;
  }

  /** Packets the handler has read from the TUN device so far. */
  public int packetsIn() {
    return packetsIn.get();
  }

  /**
   * Runs {@code task} on the thread inside the namespace, waiting at most 120 s.
   *
   * @throws Exception whatever {@code task} threw
   */
  public <T> T call(Callable<T> task) throws Exception {
    Future<T> f = inside.submit(task);
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      throw new IllegalStateException(c);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("task inside " + name + " did not finish within 120 s", e);
    }
  }

  private <T> T callUnchecked(Callable<T> task) throws IOException, InterruptedException {
    try {
      return call(task);
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private void readLoop() {
    boost = Sys.boostCurrentThread();
    Memory buf = new Memory(65536);
    Memory pfd = new Memory(8);
    java.util.List<byte[]> batch = new java.util.ArrayList<>();
    long[] stamps = new long[256];
    long order = 0;
    while (running) {
      pfd.setInt(0, tunFd);
      pfd.setShort(4, Libc.POLLIN);
      pfd.setShort(6, (short) 0);
      int n;
      try {
        n = Libc.poll(pfd, 1, 50);
      } catch (LastErrorException e) {
        continue;
      }
      if (n <= 0 || !running) {
        continue;
      }
      // Drain what is queued, stamping each packet as it is read, before emulating any: a burst
      // of parallel probes must not wait for the processing of the ones ahead of it.
      batch.clear();
      while (batch.size() < stamps.length) {
        long len;
        try {
          len = Sys.read(tunFd, buf, 65536);
        } catch (LastErrorException e) {
          break; // EAGAIN: drained
        }
        stamps[batch.size()] = System.nanoTime();
        if (len <= 0) {
          break;
        }
        batch.add(buf.getByteArray(0, (int) len));
      }
      for (int i = 0; i < batch.size(); i++) {
        byte[] bytes = batch.get(i);
        packetsIn.incrementAndGet();
        Optional<PathEmulator.Emission> e = emulator.answer(bytes, bytes.length);
        if (e.isPresent()) {
          synchronized (queue) {
            queue.add(new Pending(stamps[i] + e.get().delayNanos(), order++, e.get().packet()));
          }
          LockSupport.unpark(writer);
        }
      }
    }
  }

  /**
   * Writes every reply when its own deadline ({@code dueNanos}, the probe's read stamp plus its
   * emulated delay) arrives. Parks with {@link LockSupport#parkNanos} until {@link #SPIN_NANOS}
   * before the deadline, then spins to it: {@code Object.wait(ms, ns)} rounds any nanosecond
   * remainder up to a whole millisecond (JDK 17 {@code Object.wait}), which delivered replies up
   * to 0.8 ms late and shifted every emulated RTT by a different amount (EmulatedDelayTest). The
   * reader unparks this thread when it queues a reply, so a reply due earlier than the one being
   * waited for is never held behind it.
   */
  private void writeLoop() {
    Sys.boostCurrentThread();
    Memory buf = new Memory(65536);
    while (running) {
      Pending p;
      synchronized (queue) {
        p = queue.peek();
      }
      if (p == null) {
        LockSupport.parkNanos(queue, IDLE_PARK_NANOS);
        continue;
      }
      long left = p.dueNanos() - System.nanoTime();
      if (left > SPIN_NANOS) {
        LockSupport.parkNanos(queue, left - SPIN_NANOS);
        continue; // woken early (a new reply, close) or on time: look at the head again
      }
      while (p.dueNanos() - System.nanoTime() > 0) {
        Thread.onSpinWait();
      }
      synchronized (queue) {
        if (queue.peek() != p) {
          continue;
        }
        queue.poll();
      }
      buf.write(0, p.packet(), 0, p.packet().length);
      try {
        Sys.write(tunFd, buf, p.packet().length);
      } catch (LastErrorException e) {
        // The device went away (closing); nothing to deliver to.
      }
    }
  }

  /** Stops the handler, closes the TUN device and deletes the namespace; idempotent. */
  @Override
  public void close() throws IOException {
    boolean interrupted = Thread.interrupted();
    running = false;
    LockSupport.unpark(writer);
    try {
      reader.join(2000);
      writer.join(2000);
      inside.shutdownNow();
      inside.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (tunFd >= 0) {
      Libc.closeQuietly(tunFd);
      tunFd = -1;
    }
    try {
      Netns.run("ip", "netns", "del", name);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (IOException e) {
      if (new File("/run/netns/" + name).exists()) {
        throw e;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
