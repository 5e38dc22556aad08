package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * The JOSDK reconciler whose primary resource is every core {@link Service}.
 *
 * <p>It reconciles all Services, not only LoadBalancer ones, because a Service that stops being a
 * LoadBalancer (or changes class) must give its IP back. It never adds a finalizer: deletion events
 * reach {@link #reconcile} too ({@code triggerReconcilerOnAllEvents}), and the allocation state
 * lives in each Service's status, rebuilt at start-up. Writes are done by {@link ServiceBalancer}
 * with targeted merge patches, so the reconciler itself always answers {@code noUpdate}.
 */
@ControllerConfiguration(name = "ironlb-services", triggerReconcilerOnAllEvents = true)
final class ServiceReconciler implements Reconciler<Service> {

  private final ServiceBalancer balancer;
  private volatile ReprocessEventSource reprocess;

  ServiceReconciler(ServiceBalancer balancer) {
    this.balancer = balancer;
  }

  @Override
  public List<EventSource<?, Service>> prepareEventSources(EventSourceContext<Service> context) {
    reprocess = new ReprocessEventSource(context.getPrimaryCache());
    return List.of(reprocess);
  }

  @Override
  public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
    boolean freed =
        context.isPrimaryResourceDeleted() ? balancer.forget(service) : balancer.reconcile(service);
    if (freed) {
      reprocessAll();
    }
    return UpdateControl.noUpdate();
  }

  /** Queues every Service for reconciliation (after a config change, or when an IP is freed). */
  void reprocessAll() {
    ReprocessEventSource source = reprocess;
    if (source != null) {
      source.reprocessAll();
    }
  }
}
