package io.ironlb.speaker.bgp.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The production {@link Scheduler}: Netty's timer wheel of an event loop. */
public final class EventLoopScheduler implements Scheduler {

  private final EventExecutor executor;

  public EventLoopScheduler(EventExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
