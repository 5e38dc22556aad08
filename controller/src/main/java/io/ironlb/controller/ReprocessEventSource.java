package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Set;

/**
 * Triggers a reconcile of every Service in the controller's cache: MetalLB's "ReprocessAll", used
 * after a configuration change or when an IP is freed (a pending Service may now fit).
 *
 * <p>Events for the same Service coalesce in JOSDK's queue, so a burst of reprocess requests costs
 * one reconcile per Service, and JOSDK never runs two reconciles of one Service at once.
 */
final class ReprocessEventSource extends AbstractEventSource<Void, Service> {

  private final IndexerResourceCache<Service> services;

  ReprocessEventSource(IndexerResourceCache<Service> services) {
    super(Void.class, "reprocess-all");
    this.services = services;
  }

  /** Queues a reconcile for every Service known to the cache. */
  void reprocessAll() {
    if (!isRunning()) {
      return;
    }
    services
        .list()
        .forEach(svc -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(svc))));
  }

  @Override
  public Set<Void> getSecondaryResources(Service primary) {
    return Set.of();
  }
}
