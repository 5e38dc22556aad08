package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.status.StatusPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Events one planning pass records on Services, found by {@code namespace/name}. */
final class ServiceEvents {

  private final Map<String, Service> byKey;
  private final List<StatusPublisher.PendingEvent> events = new ArrayList<>();

  ServiceEvents(ClusterSnapshot snapshot) {
    this.byKey = byKey(snapshot);
  }

  /** The snapshot's Services by {@code namespace/name}. */
  static Map<String, Service> byKey(ClusterSnapshot snapshot) {
    Map<String, Service> m = new HashMap<>();
    snapshot
        .services()
        .forEach(s -> m.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s));
    return m;
  }

  /** An Event on the Service {@code key}; nothing when the Service is gone. */
  void add(String key, EventRecorder.Type type, String reason, String message) {
    Service svc = byKey.get(key);
    if (svc != null) {
      events.add(new StatusPublisher.PendingEvent(svc, type, reason, message));
    }
  }

  List<StatusPublisher.PendingEvent> events() {
    return List.copyOf(events);
  }
}
