package io.ironlb.speaker.status;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.runtime.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the speaker's layer-2 decisions to the API server off the announcing path: the announcing
 * loop hands over the latest desired state and returns at once; this publisher's own thread writes
 * it, latest state wins, and failures are retried with a backoff (1 s doubling to 30 s). An
 * unreachable API server therefore never delays an ARP answer or a gratuitous ARP.
 */
public final class StatusPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final L2StatusWriter writer;
  private final EventRecorder events;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "status-publisher");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<Map<String, L2Ownership>> desired = new AtomicReference<>();
  private final List<PendingEvent> pendingEvents = new ArrayList<>();
  private boolean synced;
  private Duration backoff = FIRST_RETRY;

  /** The Pod a speaker runs in (downward API: {@code metadata.name}, {@code metadata.uid}). */
  public record OwnerPod(String name, String uid) {
    public OwnerPod {
      if (name == null || name.isBlank() || uid == null || uid.isBlank()) {
        throw new IllegalArgumentException("a Pod owner needs a name and a uid");
      }
    }
  }

  /** An Event to record on a Service. */
  public record PendingEvent(
      Service service, EventRecorder.Type type, String reason, String message) {}

  public StatusPublisher(KubernetesClient client, String namespace, String node) {
    this(client, namespace, node, Optional.empty());
  }

  /**
   * @param ownerPod the speaker's own Pod, when it runs in one: every ServiceL2Status it writes
   *     gets an owner reference to it, so the garbage collector deletes them with the Pod
   */
  public StatusPublisher(
      KubernetesClient client, String namespace, String node, Optional<OwnerPod> ownerPod) {
    this.writer = new L2StatusWriter(client, namespace, node, ownerPod);
    this.events = new EventRecorder(client, "ironlb-speaker", java.time.Clock.systemUTC());
  }

  /** Hands over the state to report; returns at once. */
  public void publish(Map<String, L2Ownership> state, List<PendingEvent> newEvents) {
    desired.set(Map.copyOf(state));
    synchronized (pendingEvents) {
      pendingEvents.addAll(newEvents);
      if (pendingEvents.size() > 1000) { // bounded: the oldest reports are the least useful
        pendingEvents.subList(0, pendingEvents.size() - 1000).clear();
      }
    }
    thread.execute(this::flush);
  }

  private void flush() {
    Map<String, L2Ownership> state = desired.getAndSet(null);
    List<PendingEvent> toRecord;
    synchronized (pendingEvents) {
      toRecord = List.copyOf(pendingEvents);
      pendingEvents.clear();
    }
    toRecord.forEach(e -> events.record(e.service(), e.type(), e.reason(), e.message()));
    if (state == null) {
      return;
    }
    try {
      if (!synced) {
        writer.resync();
        synced = true;
      }
      writer.apply(state);
      backoff = FIRST_RETRY;
    } catch (RuntimeException e) {
      synced = false;
      desired.compareAndSet(null, state);
      LOG.warn(
          "could not write ServiceL2Status ({}); retrying in {} s",
          e.getMessage(),
          backoff.toSeconds());
      thread.schedule(this::flush, backoff.toMillis(), TimeUnit.MILLISECONDS);
      backoff =
          backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
    }
  }

  /** Deletes this node's ServiceL2Status objects, waiting at most {@code limit}. */
  public void withdrawAll(Duration limit) {
    var done = thread.submit(writer::deleteAll);
    try {
      done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn(
          "could not delete this node's ServiceL2Status objects on shutdown: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** For tests: runs {@code r} on the publisher's thread after what is queued. */
  void awaitIdle() throws Exception {
    ExecutorService t = thread;
    t.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }
}
