package io.ironlb.speaker.bgp.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Scheduler} on a fake clock: nothing runs until {@link #advance} moves time on, then the
 * due tasks run on the calling thread in time order (sessions hop to their event loop themselves).
 */
final class FakeScheduler implements Scheduler {

  private static final class Task {
    final Runnable runnable;
    final Duration due;
    volatile boolean cancelled;

    Task(Runnable runnable, Duration due) {
      this.runnable = runnable;
      this.due = due;
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private Duration now = Duration.ZERO;

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(task, now.plus(delay));
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves the clock on by {@code d}, running what falls due. */
  void advance(Duration d) {
    Duration end;
    synchronized (this) {
      end = now.plus(d);
    }
    for (Optional<Task> next = next(end); next.isPresent(); next = next(end)) {
      next.get().runnable.run();
    }
    synchronized (this) {
      now = end;
    }
  }

  private synchronized Optional<Task> next(Duration end) {
    tasks.removeIf(t -> t.cancelled);
    Optional<Task> next =
        tasks.stream()
            .filter(t -> t.due.compareTo(end) <= 0)
            .min(Comparator.comparing((Task t) -> t.due));
    next.ifPresent(
        t -> {
          tasks.remove(t);
          now = t.due;
        });
    return next;
  }

  /** The delays, from now, of the tasks still to run, soonest first. */
  synchronized List<Duration> pending() {
    return tasks.stream().filter(t -> !t.cancelled).map(t -> t.due.minus(now)).sorted().toList();
  }
}
