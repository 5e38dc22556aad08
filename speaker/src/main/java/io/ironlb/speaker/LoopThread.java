package io.ironlb.speaker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's single planning thread. {@link #trigger()} may be called from any thread, any
 * number of times: triggers that arrive while a pass is pending coalesce into that pass. A pass
 * that reports "not yet" (caches not synced, membership not settled) is retried after a short
 * delay, so nothing waits for another event to come along.
 */
final class LoopThread implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoopThread.class);
  private static final long RETRY_MILLIS = 50;
  private static final long ERROR_RETRY_MILLIS = 1000;

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "announce-loop");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile BooleanSupplier pass;

  void start(BooleanSupplier pass) {
    this.pass = pass;
    trigger();
  }

  void trigger() {
    if (pass != null && pending.compareAndSet(false, true) && !thread.isShutdown()) {
      thread.execute(this::runOnce);
    }
  }

  private void runOnce() {
    pending.set(false);
    long retry;
    try {
      retry = pass.getAsBoolean() ? 0 : RETRY_MILLIS;
    } catch (RuntimeException e) {
      LOG.error("planning pass failed; retrying in {} ms", ERROR_RETRY_MILLIS, e);
      retry = ERROR_RETRY_MILLIS;
    }
    if (retry > 0 && !thread.isShutdown()) {
      thread.schedule(this::trigger, retry, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
