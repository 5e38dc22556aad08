package io.ironlb.speaker.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceL2Status;
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
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the speaker's decisions (ServiceL2Status, ServiceBGPStatus, Events) to the API server off
 * the announcing path: the announcing loop hands over the latest desired state and returns at once;
 * this publisher's own thread writes it, latest state wins, and failures are retried with a backoff
 * (1 s doubling to 30 s). An unreachable API server therefore never delays an ARP answer, a
 * gratuitous ARP or a BGP UPDATE.
 *
 * <p>Once {@link #watchOwnObjects()} runs, an object of this node that someone else deletes while
 * this node still announces its Service (another node that owned the Service for a moment and
 * cleaned up after "the previous owner", an operator) is written again at once.
 */
public final class StatusPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final Target<L2Ownership> l2;
  private final Target<BgpAnnouncement> bgp;
  private final Target<String> config;
  private final L2StatusWriter l2Writer;
  private final BgpStatusWriter bgpWriter;
  private final EventRecorder events;
  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final List<SharedIndexInformer<?>> watches = new ArrayList<>();
  private volatile boolean withdrawing;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "status-publisher");
            t.setDaemon(true);
            return t;
          });
  private final List<PendingEvent> pendingEvents = new ArrayList<>();
  private Duration backoff = FIRST_RETRY;

  /** The Pod a speaker runs in (downward API: {@code metadata.name}, {@code metadata.uid}). */
  public record OwnerPod(String name, String uid) {
    public OwnerPod {
      if (name == null || name.isBlank() || uid == null || uid.isBlank()) {
        throw new IllegalArgumentException("a Pod owner needs a name and a uid");
      }
    }
  }

  /** An Event to record on an object (a Service, or a configuration object at fault). */
  public record PendingEvent(
      HasMetadata object, EventRecorder.Type type, String reason, String message) {}

  public StatusPublisher(KubernetesClient client, String namespace, String node) {
    this(client, namespace, node, Optional.empty());
  }

  /**
   * @param ownerPod the speaker's own Pod, when it runs in one: every ServiceL2Status it writes
   *     gets an owner reference to it, so the garbage collector deletes them with the Pod
   */
  public StatusPublisher(
      KubernetesClient client, String namespace, String node, Optional<OwnerPod> ownerPod) {
    this.client = client;
    this.namespace = namespace;
    this.node = node;
    this.l2Writer = new L2StatusWriter(client, namespace, node, ownerPod);
    this.bgpWriter = new BgpStatusWriter(client, namespace, node, ownerPod);
    this.l2 = new Target<>("ServiceL2Status", l2Writer::resync, l2Writer::apply);
    this.bgp = new Target<>("ServiceBGPStatus", bgpWriter::resync, bgpWriter::apply);
    ConfigStateWriter configWriter = new ConfigStateWriter(client, namespace, node, ownerPod);
    this.config =
        new Target<>(
            "ConfigurationState",
            () -> {},
            problems -> configWriter.write(List.copyOf(problems.values())));
    this.events = new EventRecorder(client, "ironlb-speaker", java.time.Clock.systemUTC());
  }

  /** Hands over the layer-2 state to report and new Events; returns at once. */
  public void publish(Map<String, L2Ownership> state, List<PendingEvent> newEvents) {
    l2.offer(state);
    queue(newEvents);
  }

  /** Hands over the BGP state to report and new Events; returns at once. */
  public void publishBgp(Map<String, BgpAnnouncement> state, List<PendingEvent> newEvents) {
    bgp.offer(state);
    queue(newEvents);
  }

  /**
   * Watches this node's ServiceL2Status and ServiceBGPStatus objects (label {@code
   * metallb.io/node}): when one that this node still wants is deleted by someone else, it is
   * written again. Blocks for the watches' first list, as the speaker's other informers do; an
   * informer that loses the API server lists again when it is back and reports what was deleted
   * meanwhile.
   */
  public void watchOwnObjects() {
    watches.add(watch(ServiceL2Status.class, l2, l2Writer::forget));
    watches.add(watch(ServiceBGPStatus.class, bgp, bgpWriter::forget));
  }

  private <R extends HasMetadata> SharedIndexInformer<R> watch(
      Class<R> kind, Target<?> target, BiPredicate<String, String> forget) {
    return client
        .resources(kind)
        .inNamespace(namespace)
        .withLabel(StatusObjects.NODE_LABEL, node)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(R obj) {}

              @Override
              public void onUpdate(R oldObj, R newObj) {}

              @Override
              public void onDelete(R obj, boolean deletedFinalStateUnknown) {
                String name = obj.getMetadata().getName();
                String uid = obj.getMetadata().getUid();
                thread.execute(() -> rewriteIfStillWanted(target, forget, name, uid));
              }
            },
            0);
  }

  /**
   * On the publisher's thread, after whatever this node itself deleted (its own deletions drop the
   * object from the writer's record first, so they are not written back).
   */
  private void rewriteIfStillWanted(
      Target<?> target, BiPredicate<String, String> forget, String name, String uid) {
    if (!withdrawing && forget.test(name, uid)) {
      LOG.warn(
          "{} {} of node {} was deleted by someone else while this node still announces its"
              + " Service; writing it again",
          target.kind,
          name,
          node);
      target.again();
      flush();
    }
  }

  /**
   * Hands over this speaker's configuration problems (empty: valid) for its {@code
   * ConfigurationState}, and Events on the objects at fault; returns at once.
   */
  public void publishConfig(List<String> problems, List<PendingEvent> newEvents) {
    java.util.SortedMap<String, String> byText = new java.util.TreeMap<>();
    problems.forEach(p -> byText.put(p, p));
    config.desired.set(byText);
    queue(newEvents);
  }

  /** Records one Event off the caller's thread; returns at once. */
  public void event(PendingEvent event) {
    queue(List.of(event));
  }

  private void queue(List<PendingEvent> newEvents) {
    synchronized (pendingEvents) {
      pendingEvents.addAll(newEvents);
      if (pendingEvents.size() > 1000) { // bounded: the oldest reports are the least useful
        pendingEvents.subList(0, pendingEvents.size() - 1000).clear();
      }
    }
    thread.execute(this::flush);
  }

  private void flush() {
    List<PendingEvent> toRecord;
    synchronized (pendingEvents) {
      toRecord = List.copyOf(pendingEvents);
      pendingEvents.clear();
    }
    toRecord.forEach(e -> events.record(e.object(), e.type(), e.reason(), e.message()));
    boolean l2Written = l2.flush();
    boolean bgpWritten = bgp.flush();
    boolean configWritten = config.flush();
    if (l2Written && bgpWritten && configWritten) {
      backoff = FIRST_RETRY;
      return;
    }
    thread.schedule(this::flush, backoff.toMillis(), TimeUnit.MILLISECONDS);
    backoff =
        backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
  }

  /** One kind of status object: the latest desired state and whether the writer is in sync. */
  private final class Target<T> {
    private final String kind;
    private final Runnable resync;
    private final Consumer<Map<String, T>> apply;
    private final AtomicReference<Map<String, T>> desired = new AtomicReference<>();
    private volatile Map<String, T> latest = Map.of();
    private boolean synced;

    Target(String kind, Runnable resync, Consumer<Map<String, T>> apply) {
      this.kind = kind;
      this.resync = resync;
      this.apply = apply;
    }

    void offer(Map<String, T> state) {
      latest = Map.copyOf(state);
      desired.set(latest);
    }

    /** Makes the latest state pending again (unless a newer one already is). */
    void again() {
      desired.compareAndSet(null, latest);
    }

    /** Writes the pending state, if any; false (state kept for the retry) when that failed. */
    boolean flush() {
      Map<String, T> state = desired.getAndSet(null);
      if (state == null) {
        return true;
      }
      try {
        if (!synced) {
          resync.run();
          synced = true;
        }
        apply.accept(state);
        return true;
      } catch (RuntimeException e) {
        synced = false;
        desired.compareAndSet(null, state);
        LOG.warn(
            "could not write {} ({}); retrying in {} s", kind, e.getMessage(), backoff.toSeconds());
        return false;
      }
    }
  }

  /**
   * The node is leaving (called first on shutdown): its peers take its Services over and delete its
   * objects, which are no longer written back.
   */
  public void leaving() {
    withdrawing = true;
    stopWatching();
  }

  /**
   * Deletes this node's ServiceL2Status and ServiceBGPStatus objects, waiting at most {@code
   * limit}.
   */
  public void withdrawAll(Duration limit) {
    leaving();
    var done =
        thread.submit(
            () -> {
              l2Writer.deleteAll();
              bgpWriter.deleteAll();
            });
    try {
      done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("could not delete this node's status objects on shutdown: {}", e.toString());
    }
  }

  @Override
  public void close() {
    stopWatching();
    thread.shutdownNow();
  }

  private void stopWatching() {
    for (SharedIndexInformer<?> w : watches) {
      try {
        w.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a status watch failed", e);
      }
    }
  }

  /** For tests: runs {@code r} on the publisher's thread after what is queued. */
  void awaitIdle() throws Exception {
    ExecutorService t = thread;
    t.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }
}
