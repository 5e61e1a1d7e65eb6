package io.geofusion.probe;

/**
 * Where the receive time of a reply came from; RTT resolution is geography (1 ms ≈ 100 km).
 *
 * <ul>
 *   <li>{@link #KERNEL}: the kernel stamped the reply when it arrived ({@code SO_TIMESTAMPNS},
 *       nanoseconds, {@code CLOCK_REALTIME}); the send time is read from the same clock just
 *       before {@code sendto}. Scheduling delays of the receiving thread do not inflate RTTs.
 *   <li>{@link #USER_SPACE}: {@link System#nanoTime()} read by the receiving thread after the
 *       reply was handed to user space; includes wake-up latency (typically tens of µs, more on a
 *       loaded machine).
 *   <li>{@link #EXTERNAL_TOOL}: as printed by an external program ({@code ping}, {@code
 *       traceroute}, scamper), at that tool's resolution (often 1 µs or 1 ms).
 * </ul>
 */
public enum TimestampSource {
  KERNEL,
  USER_SPACE,
  EXTERNAL_TOOL
}
