package io.geofusion.graph;

/**
 * Receives graph events on its own dispatcher thread, in sequence order, after the write that
 * produced them has released the graph lock. A subscriber that throws is counted and keeps
 * receiving; one that blocks only delays itself (its bounded queue fills and the subscription's
 * {@link OverflowPolicy} applies), never writers, readers or snapshots.
 */
@FunctionalInterface
public interface GraphSubscriber {

  /** Called once per event, in increasing {@code seq} order, on the subscription's thread. */
  void onEvent(GraphEvent event) throws Exception;

  /**
   * Called once, on the subscription's thread, after a {@link OverflowPolicy#DISCONNECT}
   * subscription was cut off because its queue was full. Every event before {@code firstLostSeq}
   * was delivered; to catch up, {@link EntityGraph#replay replay} from {@code firstLostSeq} (if
   * still retained) and subscribe again. The default does nothing.
   */
  default void onOverflow(long firstLostSeq) {}
}
