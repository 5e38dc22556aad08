package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resourceVersion of each Service as the controller's own last write left it, so that watch
 * events for the versions in between (the informer delivers every step of a multi-request write)
 * are recognised as stale and not acted on again: that would repeat writes that were already made.
 *
 * <p>resourceVersions are compared as numbers, which holds for etcd-backed API servers and the
 * fabric8 mock (JOSDK's {@code parseResourceVersions} relies on the same). A version that does not
 * parse is never considered stale: correctness never depends on this, only the number of requests.
 */
final class WrittenVersions {

  private final Map<String, Long> lastWritten = new ConcurrentHashMap<>();

  void record(Service before, Service after) {
    Long v = parse(after);
    if (v != null) {
      lastWritten.put(key(before), v);
    }
  }

  boolean isStale(Service svc) {
    Long mine = lastWritten.get(key(svc));
    Long seen = parse(svc);
    return mine != null && seen != null && seen < mine;
  }

  void forget(Service svc) {
    lastWritten.remove(key(svc));
  }

  private static Long parse(Service svc) {
    try {
      return Long.parseLong(svc.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }

  private static String key(Service svc) {
    return svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
  }
}
