package io.ironlb.speaker.bgp.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The FSM's timers on a {@link Scheduler}: starting one cancels its previous run. */
final class SessionTimers {

  private final Scheduler scheduler;
  private final Consumer<FsmTimer> onExpiry;
  private final Map<FsmTimer, Scheduler.Cancellable> running = new HashMap<>();

  /** {@code onExpiry} is called from the scheduler's thread. */
  SessionTimers(Scheduler scheduler, Consumer<FsmTimer> onExpiry) {
    this.scheduler = scheduler;
    this.onExpiry = onExpiry;
  }

  void start(FsmTimer timer, Duration delay) {
    stop(timer);
    running.put(timer, scheduler.schedule(() -> onExpiry.accept(timer), delay));
  }

  void stop(FsmTimer timer) {
    Scheduler.Cancellable c = running.remove(timer);
    if (c != null) {
      c.cancel();
    }
  }

  void stopAll() {
    running.values().forEach(Scheduler.Cancellable::cancel);
    running.clear();
  }
}
