package io.ironlb.speaker.bgp.session;

import java.time.Duration;

/**
 * Runs tasks later: the port through which sessions start their timers, so tests drive them with a
 * fake clock. The task may run on any thread; the session hops to its event loop itself.
 */
public interface Scheduler {

  /** Runs {@code task} once after {@code delay}, unless cancelled first. */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** The task will not run (a no-op if it already ran). */
    void cancel();
  }
}
