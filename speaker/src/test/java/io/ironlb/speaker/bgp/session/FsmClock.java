package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmAction.StopTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives a {@link BgpFsm} on a fake clock: remembers the timers its actions start and stop, and
 * {@link #advance} fires the due ones in time order, feeding their expiry back to the FSM.
 */
final class FsmClock {

  /** An action and the fake time it was returned at. */
  record Timed(Duration at, FsmAction action) {}

  private final BgpFsm fsm;
  private final Map<FsmTimer, Duration> due = new HashMap<>();
  private final Map<FsmTimer, Long> order = new HashMap<>();
  private long started;
  private final List<Timed> log = new ArrayList<>();
  private Duration now = Duration.ZERO;

  FsmClock(BgpFsm fsm) {
    this.fsm = fsm;
  }

  /** Applies {@code event} now and returns its actions. */
  List<FsmAction> handle(FsmEvent event) {
    List<FsmAction> actions = fsm.handle(event);
    for (FsmAction a : actions) {
      log.add(new Timed(now, a));
      if (a instanceof StartTimer s) {
        due.put(s.timer(), now.plus(s.delay()));
        order.put(s.timer(), started++);
      } else if (a instanceof StopTimer s) {
        due.remove(s.timer());
      }
    }
    return actions;
  }

  /**
   * Moves time on by {@code d}, firing every timer due meanwhile (timers due together in the order
   * they were started); returns what they did.
   */
  List<FsmAction> advance(Duration d) {
    Duration end = now.plus(d);
    List<FsmAction> fired = new ArrayList<>();
    for (Optional<FsmTimer> next = next(end); next.isPresent(); next = next(end)) {
      FsmTimer t = next.get();
      now = due.remove(t);
      fired.addAll(handle(new FsmEvent.TimerExpires(t)));
    }
    now = end;
    return fired;
  }

  private Optional<FsmTimer> next(Duration end) {
    return due.entrySet().stream()
        .filter(e -> e.getValue().compareTo(end) <= 0)
        .min(
            Map.Entry.<FsmTimer, Duration>comparingByValue()
                .thenComparing(e -> order.get(e.getKey())))
        .map(Map.Entry::getKey);
  }

  /** When {@code timer} fires, if it runs. */
  Optional<Duration> dueAt(FsmTimer timer) {
    return Optional.ofNullable(due.get(timer));
  }

  Duration now() {
    return now;
  }

  /** Every action so far with its time. */
  List<Timed> log() {
    return List.copyOf(log);
  }

  BgpFsm fsm() {
    return fsm;
  }
}
