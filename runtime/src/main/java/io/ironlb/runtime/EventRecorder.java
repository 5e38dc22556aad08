package io.ironlb.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on objects, the way {@code kubectl describe} shows them.
 *
 * <p>Repeats of the same (object, type, reason, message) bump the existing Event's count instead of
 * creating a new object, as the Kubernetes event recorder does, so a Service that stays pending
 * through many reprocessing passes does not flood the API server. Failing to record an Event is
 * logged and never fails the caller: Events are a report, not state.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_REMEMBERED = 20_000;

  private final KubernetesClient client;
  private final String component;
  private final Clock clock;
  private final Map<String, Recorded> recent = new ConcurrentHashMap<>();

  private record Recorded(String eventName, int count) {}

  /** The type of an Event. */
  public enum Type {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }
  }

  public EventRecorder(KubernetesClient client, String component, Clock clock) {
    this.client = client;
    this.component = component;
    this.clock = clock;
  }

  /** Records an Event about {@code object}. */
  public void record(HasMetadata object, Type type, String reason, String message) {
    String ns = object.getMetadata().getNamespace();
    String dedupeKey =
        String.join(
            "\u0000",
            object.getKind(),
            String.valueOf(ns),
            object.getMetadata().getName(),
            type.wire,
            reason,
            message);
    String now =
        DateTimeFormatter.ISO_INSTANT.format(
            Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    try {
      Recorded previous = recent.get(dedupeKey);
      if (previous != null && bump(ns, previous, now)) {
        recent.put(dedupeKey, new Recorded(previous.eventName(), previous.count() + 1));
        return;
      }
      String name =
          object.getMetadata().getName()
              + "."
              + UUID.randomUUID()
                  .toString()
                  .replace("-", "")
                  .substring(0, 16)
                  .toLowerCase(Locale.ROOT);
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(ns == null ? "default" : ns)
              .endMetadata()
              .withInvolvedObject(
                  new ObjectReferenceBuilder()
                      .withApiVersion(object.getApiVersion())
                      .withKind(object.getKind())
                      .withName(object.getMetadata().getName())
                      .withNamespace(ns)
                      .withUid(object.getMetadata().getUid())
                      .withResourceVersion(object.getMetadata().getResourceVersion())
                      .build())
              .withType(type.wire)
              .withReason(reason)
              .withMessage(message)
              .withCount(1)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withReportingComponent(component)
              .withNewSource()
              .withComponent(component)
              .endSource()
              .build();
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
      if (recent.size() > MAX_REMEMBERED) {
        recent.clear();
      }
      recent.put(dedupeKey, new Recorded(name, 1));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          ns,
          object.getMetadata().getName(),
          e.getMessage());
    }
  }

  private boolean bump(String ns, Recorded previous, String now) {
    try {
      Event updated =
          client
              .v1()
              .events()
              .inNamespace(ns == null ? "default" : ns)
              .withName(previous.eventName())
              .edit(
                  e -> {
                    e.setCount(previous.count() + 1);
                    e.setLastTimestamp(now);
                    return e;
                  });
      return updated != null;
    } catch (KubernetesClientException e) {
      return false; // the Event expired or was deleted: create a new one
    }
  }
}
