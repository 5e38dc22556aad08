package io.ironlb.lab.bgp;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bounded polling (Awaitility) whose failure message carries the daemon's view, computed only when
 * the wait fails.
 */
final class Awaits {

  static final Duration POLL = Duration.ofMillis(50);

  private Awaits() {}

  /** Polls {@code condition} until true; fails after {@code limit} with {@code what}. */
  static void until(String what, Duration limit, Callable<Boolean> condition) {
    until(() -> what, limit, condition);
  }

  /** As above, the failure message computed only on failure (e.g. a daemon's log tail). */
  static void until(Supplier<String> what, Duration limit, Callable<Boolean> condition) {
    try {
      await()
          .atMost(limit)
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL)
          .ignoreExceptions()
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not within " + limit + ": " + what.get(), e);
    }
  }

  /** Fails unless {@code condition} holds at every poll for the whole of {@code window}. */
  static void holdsFor(Supplier<String> what, Duration window, Callable<Boolean> condition) {
    try {
      await()
          .during(window)
          .atMost(window.plusSeconds(5))
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL)
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("did not hold for " + window + ": " + what.get(), e);
    }
  }
}
