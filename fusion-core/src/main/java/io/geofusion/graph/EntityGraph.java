package io.geofusion.graph;

import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.text.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The entity graph: typed nodes and edges, a gap-free event log, subscribers, replay and atomic
 * snapshots.
 *
 * <p><b>Thread safety.</b> Safe to share. Reads run concurrently under a read lock; writes are
 * serialised by the write lock and each mutation gets the next sequence number (1, 2, 3, … with no
 * gaps). Subscribers are never called while the lock is held: after a write releases the lock its
 * events are handed, in sequence order and without blocking, to each subscriber's bounded queue,
 * and each subscriber runs on its own dispatcher thread. A slow or throwing subscriber therefore
 * delays only itself (see {@link OverflowPolicy}); the design is in
 * {@code docs/decisions/graph-concurrency.md}.
 *
 * <p><b>Time.</b> {@code first_seen}/{@code last_seen} and weight decay read the injected
 * {@link Clock}; nothing reads the system time directly.
 *
 * <p><b>Snapshots.</b> {@link #snapshot(Path, SnapshotFormat)} copies the state under the read
 * lock (writers wait only for that copy) and writes it outside the lock atomically (temp file,
 * fsync, rename). {@link Builder#buildFrom(Path, SnapshotFormat)} loads one without emitting
 * events. The bytes are the {@link SnapshotFormat}'s: GeoFusion's JSON lines are
 * {@code io.geofusion.json.GraphSnapshots.FORMAT}.
 */
public final class EntityGraph implements AutoCloseable {

  private final Clock clock;
  private final Duration edgeHalfLife;
  private final boolean createMissingNodes;
  private final ThreadFactory threads;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // ---- guarded by lock
  // Not final only so buildFrom can pre-size it before the graph is returned.
  private HashMap<String, Entry> nodes = new HashMap<>();
  private long edgeCount;
  private long seq;
  private final GraphEvent[] ring;
  // ----
  private final ConcurrentLinkedQueue<GraphEvent> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final CopyOnWriteArrayList<SubscriberQueue> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicInteger subscriberNames = new AtomicInteger();

  private final ReentrantLock snapshotLock = new ReentrantLock();
  private final AtomicLong snapshotsWritten = new AtomicLong();
  private final AtomicLong snapshotFailures = new AtomicLong();
  private volatile long lastSnapshotSeq = -1;
  private volatile String lastSnapshotError;
  SnapshotIo.BeforeRename beforeRenameHook; // test seam
  private final List<ScheduledExecutorService> schedulers = new CopyOnWriteArrayList<>();

  /** A node and its adjacency; mutated only under the write lock. */
  private static final class Entry {
    Node node;
    HashMap<EdgeKey, Edge> out;
    HashSet<EdgeKey> in;

    Entry(Node node) {
      this.node = node;
    }

    HashMap<EdgeKey, Edge> out() {
      if (out == null) {
        out = new HashMap<>(4);
      }
      return out;
    }

    HashSet<EdgeKey> in() {
      if (in == null) {
        in = new HashSet<>(4);
      }
      return in;
    }
  }

  private EntityGraph(Builder b) {
    this.clock = b.clock;
    this.edgeHalfLife = b.edgeHalfLife;
    this.createMissingNodes = b.createMissingNodes;
    this.threads = b.threads;
    this.ring = new GraphEvent[b.retainEvents];
  }

  /** A builder with defaults: system UTC clock, 100 000 retained events, no decay. */
  public static Builder builder() {
    return new Builder();
  }

  // ================================================================= writes

  /** Creates or merges a node (see {@link NodeUpdate}); returns its new state. */
  public Node upsertNode(NodeUpdate u) {
    Node result;
    lock.writeLock().lock();
    try {
      result = upsertNodeLocked(u, clock.instant());
    } finally {
      lock.writeLock().unlock();
    }
    publish();
    return result;
  }

  private Node upsertNodeLocked(NodeUpdate u, Instant now) {
    Entry e = nodes.get(u.id());
    Node n;
    if (e == null) {
      n = new Node(u.id(), u.kind(), u.attributes(), u.location(), u.evidence(), now, now);
      nodes.put(u.id(), new Entry(n));
    } else {
      Node old = e.node;
      if (old.kind() != u.kind()) {
        throw new IllegalArgumentException("node " + u.id() + " is a " + old.kind().prefix()
            + " and cannot be re-declared as a " + u.kind().prefix());
      }
      n = new Node(u.id(), old.kind(), merge(old.attributes(), u.attributes()),
          u.location() != null ? u.location() : old.location(),
          merge(old.evidence(), u.evidence()), old.firstSeen(), later(old.lastSeen(), now));
      e.node = n;
    }
    emit(new GraphEvent.NodeUpserted(nextSeq(), now, n));
    return n;
  }

  /**
   * Creates or merges an edge (see {@link EdgeUpdate}); returns its new state. Missing endpoint
   * nodes are created (kind from their id prefix) when the builder allows it.
   *
   * @throws IllegalStateException if an endpoint is missing and node creation is disabled
   */
  public Edge upsertEdge(EdgeUpdate u) {
    Edge result;
    lock.writeLock().lock();
    try {
      checkEndpoints(u.key());
      result = upsertEdgeLocked(u, clock.instant());
    } finally {
      lock.writeLock().unlock();
    }
    publish();
    return result;
  }

  /** Upserts many edges under one lock acquisition; all endpoints are checked first. */
  public void upsertEdges(Collection<EdgeUpdate> updates) {
    lock.writeLock().lock();
    try {
      for (EdgeUpdate u : updates) {
        checkEndpoints(u.key());
      }
      Instant now = clock.instant();
      for (EdgeUpdate u : updates) {
        upsertEdgeLocked(u, now);
      }
    } finally {
      lock.writeLock().unlock();
    }
    publish();
  }

  private void checkEndpoints(EdgeKey k) {
    if (!createMissingNodes) {
      for (String id : new String[] {k.src(), k.dst()}) {
        if (!nodes.containsKey(id)) {
          throw new IllegalStateException("edge " + k + " refers to missing node " + id
              + "; upsert the node first or build the graph with createMissingNodes(true)");
        }
      }
    }
  }

  private Edge upsertEdgeLocked(EdgeUpdate u, Instant now) {
    EdgeKey k = u.key();
    Entry s = entryOrCreate(k.src(), now);
    Entry d = entryOrCreate(k.dst(), now);
    Edge old = s.out == null ? null : s.out.get(k);
    Edge e;
    if (old == null) {
      e = new Edge(k, u.confidence(), u.weight(), now, now, 1, u.attributes());
      s.out().put(k, e);
      d.in().add(k);
      edgeCount++;
    } else {
      e = new Edge(k, u.confidence(), u.weight(), old.firstSeen(), later(old.lastSeen(), now),
          old.observations() + 1, merge(old.attributes(), u.attributes()));
      s.out.put(k, e);
    }
    emit(new GraphEvent.EdgeUpserted(nextSeq(), now, e));
    return e;
  }

  private Entry entryOrCreate(String id, Instant now) {
    Entry e = nodes.get(id);
    if (e == null) {
      Node n = new Node(id, NodeKind.ofId(id), Map.of(), null, Map.of(), now, now);
      e = new Entry(n);
      nodes.put(id, e);
      emit(new GraphEvent.NodeUpserted(nextSeq(), now, n));
    }
    return e;
  }

  /** Removes an edge; returns whether it existed. */
  public boolean removeEdge(EdgeKey key) {
    boolean removed;
    lock.writeLock().lock();
    try {
      removed = removeEdgeLocked(key, clock.instant());
    } finally {
      lock.writeLock().unlock();
    }
    publish();
    return removed;
  }

  private boolean removeEdgeLocked(EdgeKey key, Instant now) {
    Entry s = nodes.get(key.src());
    if (s == null || s.out == null || s.out.remove(key) == null) {
      return false;
    }
    Entry d = nodes.get(key.dst());
    if (d != null && d.in != null) {
      d.in.remove(key);
    }
    edgeCount--;
    emit(new GraphEvent.EdgeRemoved(nextSeq(), now, key));
    return true;
  }

  /** Removes a node and its edges (one event per edge, then one for the node). */
  public boolean removeNode(String id) {
    boolean removed;
    lock.writeLock().lock();
    try {
      removed = removeNodeLocked(id, clock.instant());
    } finally {
      lock.writeLock().unlock();
    }
    publish();
    return removed;
  }

  private boolean removeNodeLocked(String id, Instant now) {
    Entry e = nodes.get(id);
    if (e == null) {
      return false;
    }
    List<EdgeKey> incident = new ArrayList<>();
    if (e.out != null) {
      incident.addAll(e.out.keySet());
    }
    if (e.in != null) {
      incident.addAll(e.in);
    }
    incident.sort(KEY_ORDER);
    for (EdgeKey k : incident) {
      removeEdgeLocked(k, now);
    }
    nodes.remove(id);
    emit(new GraphEvent.NodeRemoved(nextSeq(), now, id));
    return true;
  }

  /**
   * Applies the state an event carries (from another graph's stream or a recorded event file) as
   * a new local mutation with a new local sequence number; times are kept as recorded.
   */
  public void apply(GraphEvent ev) {
    lock.writeLock().lock();
    try {
      Instant now = ev.at();
      if (ev instanceof GraphEvent.NodeUpserted n) {
        Entry e = nodes.get(n.node().id());
        if (e == null) {
          nodes.put(n.node().id(), new Entry(n.node()));
        } else {
          e.node = n.node();
        }
        emit(new GraphEvent.NodeUpserted(nextSeq(), now, n.node()));
      } else if (ev instanceof GraphEvent.EdgeUpserted eu) {
        Edge edge = eu.edge();
        checkEndpoints(edge.key());
        Entry s = entryOrCreate(edge.src(), now);
        Entry d = entryOrCreate(edge.dst(), now);
        if (s.out().put(edge.key(), edge) == null) {
          d.in().add(edge.key());
          edgeCount++;
        }
        emit(new GraphEvent.EdgeUpserted(nextSeq(), now, edge));
      } else if (ev instanceof GraphEvent.NodeRemoved nr) {
        removeNodeLocked(nr.nodeId(), now);
      } else if (ev instanceof GraphEvent.EdgeRemoved er) {
        removeEdgeLocked(er.key(), now);
      }
    } finally {
      lock.writeLock().unlock();
    }
    publish();
  }

  private static <V> Map<String, V> merge(Map<String, V> old, Map<String, V> add) {
    if (add.isEmpty()) {
      return old;
    }
    if (old.isEmpty()) {
      return add;
    }
    TreeMap<String, V> m = new TreeMap<>(old);
    m.putAll(add);
    return m;
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }

  // ================================================================= events

  /** The next event's sequence number; caller holds the write lock. */
  private long nextSeq() {
    if (seq == Long.MAX_VALUE) {
      throw new IllegalStateException("event sequence number exhausted at " + seq);
    }
    return ++seq;
  }

  /** Appends to the retained log and queues for publication; caller holds the write lock. */
  private void emit(GraphEvent e) {
    if (ring.length > 0) {
      ring[(int) (e.seq() % ring.length)] = e;
    }
    if (!subscribers.isEmpty()) {
      pending.add(e);
    }
  }

  /**
   * Hands queued events to the subscribers, outside the graph lock. Only one thread publishes at a
   * time (so queues see events in sequence order); a thread that finds another publishing leaves
   * its events to it, and the loop re-checks after unlocking so no event is stranded.
   */
  private void publish() {
    while (!pending.isEmpty()) {
      if (!publishLock.tryLock()) {
        return;
      }
      try {
        GraphEvent e;
        while ((e = pending.poll()) != null) {
          for (SubscriberQueue q : subscribers) {
            q.offer(e);
          }
        }
      } finally {
        publishLock.unlock();
      }
    }
  }

  /**
   * Registers a subscriber that receives every event after the current last sequence number, on
   * its own thread, through a queue of {@code capacity} events with the given overflow policy.
   */
  public Subscription subscribe(String name, GraphSubscriber subscriber, int capacity,
      OverflowPolicy policy) {
    if (subscriber == null || policy == null) {
      throw new IllegalArgumentException("subscriber and overflow policy are required");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("subscriber queue capacity must be >= 1, got " + capacity);
    }
    String n = name == null || name.isBlank() ? "s" + subscriberNames.incrementAndGet() : name;
    SubscriberQueue[] self = new SubscriberQueue[1];
    lock.writeLock().lock();
    try {
      self[0] = new SubscriberQueue(n, subscriber, policy, capacity, seq + 1, threads,
          () -> subscribers.remove(self[0]));
      subscribers.add(self[0]);
    } finally {
      lock.writeLock().unlock();
    }
    self[0].start();
    return self[0];
  }

  /** {@link #subscribe(String, GraphSubscriber, int, OverflowPolicy)} with 8192 events, DISCONNECT. */
  public Subscription subscribe(GraphSubscriber subscriber) {
    return subscribe(null, subscriber, 8192, OverflowPolicy.DISCONNECT);
  }

  /**
   * Feeds {@code sink}, on the calling thread, every retained event with seq ≥ {@code fromSeq} up
   * to the last one at the time of the call, in order; returns how many.
   *
   * @throws IllegalArgumentException if {@code fromSeq} is older than the oldest retained event
   *     or beyond the next sequence number
   */
  public long replay(long fromSeq, Consumer<? super GraphEvent> sink) {
    List<GraphEvent> slice;
    lock.readLock().lock();
    try {
      long oldest = oldestRetainedLocked();
      if (fromSeq < oldest || fromSeq > seq + 1) {
        throw new IllegalArgumentException("cannot replay from seq " + fromSeq
            + ": retained events are " + oldest + ".." + seq
            + " (raise retainEvents or reload from a snapshot)");
      }
      slice = new ArrayList<>((int) (seq - fromSeq + 1));
      for (long s = fromSeq; s <= seq; s++) {
        slice.add(ring[(int) (s % ring.length)]);
      }
    } finally {
      lock.readLock().unlock();
    }
    slice.forEach(sink);
    return slice.size();
  }

  private long oldestRetainedLocked() {
    long firstAfterLoad = loadedSeq + 1;
    return Math.max(firstAfterLoad, Math.max(1, seq - ring.length + 1));
  }

  private long loadedSeq;

  // ================================================================= reads

  /** The last assigned sequence number (0 for a fresh graph). */
  public long lastSeq() {
    lock.readLock().lock();
    try {
      return seq;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The node with this id, if present. */
  public Optional<Node> node(String id) {
    lock.readLock().lock();
    try {
      Entry e = nodes.get(id);
      return e == null ? Optional.empty() : Optional.of(e.node);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether a node with this id exists. */
  public boolean containsNode(String id) {
    lock.readLock().lock();
    try {
      return nodes.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The edge with this (src, kind, dst), if present. */
  public Optional<Edge> edge(EdgeKey key) {
    lock.readLock().lock();
    try {
      Entry e = nodes.get(key.src());
      return e == null || e.out == null ? Optional.empty() : Optional.ofNullable(e.out.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many nodes the graph holds. */
  public long nodeCount() {
    lock.readLock().lock();
    try {
      return nodes.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many edges the graph holds. */
  public long edgeCount() {
    lock.readLock().lock();
    try {
      return edgeCount;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Edges at a node, optionally of one kind ({@code null} = any), in the given direction, sorted
   * by (src, kind, dst).
   */
  public List<Edge> edges(String nodeId, String kind, Direction direction) {
    List<Edge> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      Entry e = nodes.get(nodeId);
      if (e == null) {
        return List.of();
      }
      if (direction != Direction.IN && e.out != null) {
        for (Edge x : e.out.values()) {
          if (kind == null || kind.equals(x.kind())) {
            out.add(x);
          }
        }
      }
      if (direction != Direction.OUT && e.in != null) {
        for (EdgeKey k : e.in) {
          if (kind == null || kind.equals(k.kind())) {
            out.add(nodes.get(k.src()).out.get(k));
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    out.sort(Comparator.comparing(Edge::key, KEY_ORDER));
    return out;
  }

  /** Neighbour nodes over edges of a kind ({@code null} = any), sorted by id, without repeats. */
  public List<Node> neighbours(String nodeId, String kind, Direction direction) {
    List<Edge> es = edges(nodeId, kind, direction);
    Set<String> ids = new LinkedHashSet<>();
    for (Edge e : es) {
      ids.add(e.src().equals(nodeId) ? e.dst() : e.src());
    }
    return nodesSorted(ids);
  }

  /**
   * Hosts in an ASN or organisation: hosts with an edge (any kind) to {@code groupId}, plus, one
   * level down, hosts with an edge to an ASN or org node that itself has an edge to
   * {@code groupId} (host → asn → org). Sorted by id.
   */
  public List<Node> hostsIn(String groupId) {
    Set<String> hosts = new HashSet<>();
    lock.readLock().lock();
    try {
      Entry g = nodes.get(groupId);
      if (g == null || g.in == null) {
        return List.of();
      }
      for (EdgeKey k : g.in) {
        Entry s = nodes.get(k.src());
        if (s.node.kind() == NodeKind.HOST) {
          hosts.add(s.node.id());
        } else if ((s.node.kind() == NodeKind.ASN || s.node.kind() == NodeKind.ORG)
            && s.in != null) {
          for (EdgeKey k2 : s.in) {
            if (nodes.get(k2.src()).node.kind() == NodeKind.HOST) {
              hosts.add(k2.src());
            }
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return nodesSorted(hosts);
  }

  /**
   * Located hosts that may lie in {@code region}, sorted by id: the host's confidence circle
   * intersects the region, or, when no circle was recorded, the disk of radius
   * {@code uncertainty_km} around any mixture component's mean does.
   */
  public List<Node> hostsIntersecting(GeoRegion region) {
    List<Node> hosts = hosts();
    List<Node> out = new ArrayList<>();
    for (Node n : hosts) {
      if (n.location() != null && mayIntersect(n.location(), region)) {
        out.add(n);
      }
    }
    return out;
  }

  private static boolean mayIntersect(HostLocation loc, GeoRegion region) {
    if (loc.circle() != null) {
      return region.intersectsDisk(loc.circle().centre(), loc.circle().radiusKm());
    }
    for (MixtureComponent c : loc.distribution().components()) {
      if (region.intersectsDisk(c.mean(), loc.uncertaintyKm())) {
        return true;
      }
    }
    return false;
  }

  /** All host nodes, sorted by id. */
  public List<Node> hosts() {
    List<Node> out = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (Entry e : nodes.values()) {
        if (e.node.kind() == NodeKind.HOST) {
          out.add(e.node);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    out.sort(Comparator.comparing(Node::id));
    return out;
  }

  private List<Node> nodesSorted(Collection<String> ids) {
    List<Node> out = new ArrayList<>(ids.size());
    lock.readLock().lock();
    try {
      for (String id : ids) {
        Entry e = nodes.get(id);
        if (e != null) {
          out.add(e.node);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    out.sort(Comparator.comparing(Node::id));
    return out;
  }

  /** Every node, unordered copy. */
  public List<Node> nodes() {
    lock.readLock().lock();
    try {
      List<Node> out = new ArrayList<>(nodes.size());
      for (Entry e : nodes.values()) {
        out.add(e.node);
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every edge, unordered copy. */
  public List<Edge> edges() {
    lock.readLock().lock();
    try {
      return edgesLocked();
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Edge> edgesLocked() {
    List<Edge> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, edgeCount));
    for (Entry e : nodes.values()) {
      if (e.out != null) {
        out.addAll(e.out.values());
      }
    }
    return out;
  }

  /**
   * The edge's weight now, decayed by the configured half-life (unchanged if none):
   * {@code weight · 2^(−age / half_life)}, age measured from {@code last_seen} on the graph clock.
   */
  public double currentWeight(Edge e) {
    return e.weightAt(clock.instant(), edgeHalfLife);
  }

  /** Counters and sizes at one consistent point. */
  public GraphStats stats() {
    Map<String, Long> byNodeKind = new TreeMap<>();
    Map<String, Long> byEdgeKind = new TreeMap<>();
    long located = 0;
    long s;
    long oldest;
    long n;
    long m;
    lock.readLock().lock();
    try {
      for (Entry e : nodes.values()) {
        byNodeKind.merge(e.node.kind().prefix(), 1L, Long::sum);
        if (e.node.location() != null) {
          located++;
        }
        if (e.out != null) {
          for (EdgeKey k : e.out.keySet()) {
            byEdgeKind.merge(k.kind(), 1L, Long::sum);
          }
        }
      }
      s = seq;
      oldest = oldestRetainedLocked();
      n = nodes.size();
      m = edgeCount;
    } finally {
      lock.readLock().unlock();
    }
    List<Subscription.Stats> subs = new ArrayList<>();
    for (SubscriberQueue q : subscribers) {
      subs.add(q.stats());
    }
    return new GraphStats(s, oldest, n, m, byNodeKind, byEdgeKind, located, subs,
        snapshotsWritten.get(), snapshotFailures.get());
  }

  /** The message of the last failed snapshot attempt, if any. */
  public Optional<String> lastSnapshotError() {
    return Optional.ofNullable(lastSnapshotError);
  }

  // ================================================================= snapshots

  /**
   * Writes an atomic snapshot to {@code target} (temp file in the same folder, fsync, rename,
   * folder fsync) in {@code format}. Concurrent snapshots are serialised; writers are blocked only
   * while the state is copied under the read lock.
   *
   * @throws IOException if writing fails; the previous snapshot at {@code target} is untouched
   */
  public SnapshotInfo snapshot(Path target, SnapshotFormat format) throws IOException {
    Objects.requireNonNull(format, "snapshot format");
    snapshotLock.lock();
    try {
      List<Node> ns;
      List<Edge> es;
      long s;
      lock.readLock().lock();
      try {
        s = seq;
        ns = new ArrayList<>(nodes.size());
        for (Entry e : nodes.values()) {
          ns.add(e.node);
        }
        es = edgesLocked();
      } finally {
        lock.readLock().unlock();
      }
      try {
        SnapshotInfo info = SnapshotIo.write(target, format,
            new SnapshotFormat.Contents(s, clock.instant(), ns, es), beforeRenameHook);
        snapshotsWritten.incrementAndGet();
        lastSnapshotSeq = s;
        return info;
      } catch (IOException | RuntimeException e) {
        snapshotFailures.incrementAndGet();
        lastSnapshotError = e.getMessage();
        throw e;
      }
    } finally {
      snapshotLock.unlock();
    }
  }

  /**
   * Snapshots to {@code target} every {@code interval} on a dedicated thread, skipping rounds where
   * nothing changed since the last snapshot. Failures are counted in {@link GraphStats} and kept in
   * {@link #lastSnapshotError()}; the previous snapshot stays valid. Closing the handle stops the
   * schedule and waits (up to 60 s) for a snapshot in progress to finish.
   */
  public AutoCloseable snapshotPeriodically(Path target, Duration interval,
      SnapshotFormat format) {
    Objects.requireNonNull(format, "snapshot format");
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("snapshot interval must be positive, got " + interval);
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = threads.newThread(r);
      t.setName("geofusion-graph-snapshotter");
      return t;
    });
    schedulers.add(ex);
    ex.scheduleWithFixedDelay(() -> snapshotIfChanged(target, format), interval.toNanos(),
        interval.toNanos(), TimeUnit.NANOSECONDS);
    return () -> {
      // Let an in-flight snapshot finish (interrupting it would abort its file write).
      ex.shutdown();
      try {
        if (!ex.awaitTermination(60, TimeUnit.SECONDS)) {
          ex.shutdownNow();
        }
      } catch (InterruptedException e) {
        ex.shutdownNow();
        Thread.currentThread().interrupt();
      }
      schedulers.remove(ex);
    };
  }

  /** Writes a snapshot unless the last one already holds the current sequence number. */
  public Optional<SnapshotInfo> snapshotIfChanged(Path target, SnapshotFormat format) {
    if (lastSeq() == lastSnapshotSeq) {
      return Optional.empty();
    }
    try {
      return Optional.of(snapshot(target, format));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // counted and recorded by snapshot()
    }
  }

  /** Stops subscribers and periodic snapshots. The graph stays readable and writable. */
  @Override
  public void close() {
    for (ScheduledExecutorService ex : schedulers) {
      ex.shutdownNow();
    }
    schedulers.clear();
    for (SubscriberQueue q : subscribers) {
      q.close();
    }
  }

  static final Comparator<EdgeKey> KEY_ORDER = Comparator.comparing(EdgeKey::src)
      .thenComparing(EdgeKey::kind).thenComparing(EdgeKey::dst);

  // ================================================================= builder

  /** Configures a graph. Not thread-safe; build once. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration edgeHalfLife;
    private int retainEvents = 100_000;
    private boolean createMissingNodes = true;
    private ThreadFactory threads = r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    };

    private Builder() {}

    /** The clock for first/last seen and decay (inject a fixed or test clock in tests). */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock is required");
      }
      this.clock = clock;
      return this;
    }

    /** Half-life of edge weight decay for {@link #currentWeight}; null = no decay. */
    public Builder edgeHalfLife(Duration halfLife) {
      if (halfLife != null && (halfLife.isZero() || halfLife.isNegative())) {
        throw new IllegalArgumentException("edge half-life must be positive, got " + halfLife);
      }
      this.edgeHalfLife = halfLife;
      return this;
    }

    /** How many most recent events {@link #replay} can return (0 disables replay). */
    public Builder retainEvents(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("retainEvents must be >= 0, got " + count);
      }
      this.retainEvents = count;
      return this;
    }

    /** Whether an edge upsert creates missing endpoint nodes (default true). */
    public Builder createMissingNodes(boolean create) {
      this.createMissingNodes = create;
      return this;
    }

    /** Threads for subscriber dispatchers and the periodic snapshotter (default: daemon). */
    public Builder threadFactory(ThreadFactory factory) {
      if (factory == null) {
        throw new IllegalArgumentException("thread factory is required");
      }
      this.threads = factory;
      return this;
    }

    public EntityGraph build() {
      return new EntityGraph(this);
    }

    /**
     * Builds a graph holding the state of a snapshot written in {@code format}. No events are
     * emitted; the sequence continues from the snapshot's, and replay starts after it.
     *
     * @throws SnapshotCorruptException if the file is truncated or corrupt
     */
    public EntityGraph buildFrom(Path snapshot, SnapshotFormat format) throws IOException {
      Objects.requireNonNull(format, "snapshot format");
      EntityGraph g = new EntityGraph(this);
      long[] count = new long[1];
      long s = SnapshotIo.read(snapshot, format, new SnapshotFormat.Loader() {
        @Override
        public void nodeCount(long total) {
          // Presized only up to a program limit: the header's count is a claim, the map grows
          // with the node lines actually read.
          g.nodes = new HashMap<>((int) Math.min(Limits.SNAPSHOT_PRESIZE.value(),
              total * 4 / 3 + 16));
        }

        @Override
        public void node(Node n) {
          if (g.nodes.putIfAbsent(n.id(), new Entry(n)) != null) {
            throw new IllegalStateException("duplicate node " + n.id());
          }
        }

        @Override
        public String nodeId(String id) {
          // Share the loaded node's id strings instead of keeping one copy per edge line.
          Entry en = g.nodes.get(id);
          return en == null ? id : en.node.id();
        }

        @Override
        public void edge(Edge e) {
          Entry src = g.nodes.get(e.src());
          Entry dst = g.nodes.get(e.dst());
          if (src == null || dst == null) {
            throw new IllegalStateException("edge " + e.key() + " refers to a node not in the "
                + "snapshot");
          }
          EdgeKey k = e.key();
          if (src.out().put(k, e) != null) {
            throw new IllegalStateException("duplicate edge " + k);
          }
          dst.in().add(k);
          count[0]++;
        }
      });
      g.edgeCount = count[0];
      g.seq = s;
      g.loadedSeq = s;
      g.lastSnapshotSeq = s;
      return g;
    }
  }
}
