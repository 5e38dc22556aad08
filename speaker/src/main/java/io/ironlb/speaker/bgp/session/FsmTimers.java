package io.ironlb.speaker.bgp.session;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which FSM timers run, so that a stop is only asked for a running timer and an expiry of a timer
 * stopped meanwhile is recognised as stale.
 */
final class FsmTimers {

  private final Set<FsmTimer> running = new HashSet<>();
  private List<FsmAction> out = List.of();

  /** Where the actions of the current event go. */
  void output(List<FsmAction> out) {
    this.out = out;
  }

  void start(FsmTimer timer, Duration delay) {
    running.add(timer);
    out.add(new FsmAction.StartTimer(timer, delay));
  }

  void stop(FsmTimer timer) {
    if (running.remove(timer)) {
      out.add(new FsmAction.StopTimer(timer));
    }
  }

  /** True if {@code timer} was running: the expiry counts. */
  boolean expired(FsmTimer timer) {
    return running.remove(timer);
  }
}
