package io.ironlb.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** Informer handlers for components that only need to know that something changed. */
public final class ChangeHandlers {

  private ChangeHandlers() {}

  /**
   * A handler that runs {@code onChange} on every add and delete, and on every update that carries
   * a new resourceVersion (an informer's resync re-delivers unchanged objects as updates).
   */
  public static <T extends HasMetadata> ResourceEventHandler<T> calling(Runnable onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!sameVersion(oldObj, newObj)) {
          onChange.run();
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.run();
      }
    };
  }

  private static boolean sameVersion(HasMetadata a, HasMetadata b) {
    String va = a.getMetadata().getResourceVersion();
    return va != null && va.equals(b.getMetadata().getResourceVersion());
  }
}
