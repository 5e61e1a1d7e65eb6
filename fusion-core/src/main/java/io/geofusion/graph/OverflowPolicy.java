package io.geofusion.graph;

/**
 * What happens when a subscriber's bounded queue is full at the moment an event is handed to it.
 * The writer never waits in either case.
 */
public enum OverflowPolicy {
  /**
   * Cut the subscription off: the queued events are still delivered, then
   * {@link GraphSubscriber#onOverflow} reports the first lost sequence number and the
   * subscription ends. A subscriber therefore sees a gap-free prefix of the event stream or is
   * told exactly where it stopped. The default.
   */
  DISCONNECT,
  /**
   * Drop the event that does not fit and keep going; drops are counted in
   * {@link Subscription.Stats#dropped()}. For subscribers that tolerate gaps (dashboards, metrics).
   */
  DROP_NEWEST
}
