package io.ironlb.speaker.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/**
 * The uid of each status object a writer last wrote or read back, by name: a deletion that a watch
 * reports is this node's business only when it removed that incarnation (not an older one the watch
 * reports late, after the writer created the object again).
 */
final class WrittenObjects {

  private final Map<String, String> uidByName = new HashMap<>();

  void record(HasMetadata stored) {
    uidByName.put(stored.getMetadata().getName(), stored.getMetadata().getUid());
  }

  void remove(String name) {
    uidByName.remove(name);
  }

  void clear() {
    uidByName.clear();
  }

  /** Whether {@code uid} (null: unknown) is the incarnation of {@code name} last written. */
  boolean isCurrent(String name, String uid) {
    if (!uidByName.containsKey(name)) {
      return false;
    }
    String known = uidByName.get(name);
    return uid == null || known == null || uid.equals(known);
  }
}
