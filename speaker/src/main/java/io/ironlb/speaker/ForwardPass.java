package io.ironlb.speaker;

import io.fabric8.kubernetes.api.model.Service;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.forwarder.ApplyResult;
import io.ironlb.speaker.forwarder.ForwarderConfig;
import io.ironlb.speaker.forwarder.ListenerSpec;
import io.ironlb.speaker.forwarder.NodePortForwarder;
import io.ironlb.speaker.forwarder.TargetHealthListener;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.ForwardingInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import io.ironlb.speaker.vip.VipDelivery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder half of a planning pass ({@code ipMode: Proxy}, docs/forwarder.md): for the
 * Services this node announces whose ingress says Proxy, the kernel delivers their VIP ports here
 * ({@link VipDelivery}) and the {@link NodePortForwarder} relays them to NodePorts. Idle (no
 * threads, no routes) until a Proxy-mode Service is announced here. Runs on the loop thread.
 */
final class ForwardPass implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardPass.class);

  private final ForwardingInputs inputs;
  private final Function<TargetHealthListener, NodePortForwarder> starter;
  private final VipDelivery delivery;
  private final SpeakerMetrics metrics;
  private final StatusPublisher status;
  private volatile NodePortForwarder forwarder;
  private volatile Map<String, Service> services = Map.of();
  private ForwarderConfig applied = ForwarderConfig.EMPTY;
  private String deliveryProblem;

  /**
   * @param starter starts the forwarder, given where its target health changes go, the first time
   *     something is to be forwarded
   */
  ForwardPass(
      ForwardingInputs inputs,
      Function<TargetHealthListener, NodePortForwarder> starter,
      VipDelivery delivery,
      SpeakerMetrics metrics,
      StatusPublisher status) {
    this.inputs = inputs;
    this.starter = starter;
    this.delivery = delivery;
    this.metrics = metrics;
    this.status = status;
  }

  /** Forwards for the Proxy-mode Services among {@code announcedHere}. */
  void run(ClusterSnapshot snapshot, List<ServiceFacts> facts, Set<String> announcedHere) {
    services = ServiceEvents.byKey(snapshot);
    Map<String, Set<String>> serving = new HashMap<>();
    facts.forEach(f -> serving.put(f.key(), f.nodesWithServingEndpoints()));
    ForwarderConfig config = inputs.config(snapshot, announcedHere, serving);
    if (config.equals(applied) || config.services().isEmpty() && forwarder == null) {
      return;
    }
    if (forwarder == null) {
      forwarder = starter.apply(this::healthChanged);
    }
    deliver(config);
    ApplyResult result = forwarder.apply(config);
    ServiceEvents events = new ServiceEvents(snapshot);
    for (ApplyResult.ListenerFailure f : result.failures()) {
      LOG.warn(
          "service {}: cannot listen on {}: {}", f.service(), f.listener().describe(), f.reason());
      events.add(
          f.service(),
          EventRecorder.Type.WARNING,
          "forwarderListenFailed",
          "node listens not on " + f.listener().describe() + ": " + f.reason());
    }
    events.events().forEach(status::event);
    applied = result.failures().isEmpty() ? config : ForwarderConfig.EMPTY; // retry next pass
  }

  private void deliver(ForwarderConfig config) {
    Set<VipDelivery.Port> ports = new HashSet<>();
    config
        .services()
        .values()
        .forEach(
            s -> {
              for (ListenerSpec l : s.listeners()) {
                ports.add(
                    new VipDelivery.Port(
                        l.protocol(), l.listen().getAddress(), l.listen().getPort()));
              }
            });
    try {
      delivery.apply(ports);
      if (deliveryProblem != null) {
        LOG.info("VIP delivery works again");
        deliveryProblem = null;
      }
    } catch (IOException e) {
      if (!e.getMessage().equals(deliveryProblem)) {
        LOG.error(
            "cannot deliver VIP traffic to the forwarder (Proxy mode needs CAP_NET_ADMIN): {}",
            e.getMessage());
        deliveryProblem = e.getMessage();
      }
    }
  }

  /** A target's health changed (forwarder thread): an Event on the Service. */
  void healthChanged(String service, InetSocketAddress target, boolean healthy, String reason) {
    Service svc = services.get(service);
    String where = target.getAddress().getHostAddress() + ":" + target.getPort();
    if (healthy) {
      LOG.info("service {}: NodePort target {} healthy again", service, where);
    } else {
      LOG.warn("service {}: NodePort target {} unhealthy: {}", service, where, reason);
    }
    if (svc != null) {
      status.event(
          new StatusPublisher.PendingEvent(
              svc,
              healthy ? EventRecorder.Type.NORMAL : EventRecorder.Type.WARNING,
              healthy ? "targetHealthy" : "targetUnhealthy",
              "NodePort target "
                  + where
                  + (healthy ? " is healthy again" : " is unhealthy: " + reason)));
    }
  }

  /** Copies the forwarder's counters into the metrics (at scrape time). */
  void refreshMetrics() {
    NodePortForwarder f = forwarder;
    metrics.forwarder(f == null ? List.of() : f.services());
  }

  @Override
  public void close() {
    NodePortForwarder f = forwarder;
    if (f != null) {
      f.close();
    }
    try {
      delivery.close();
    } catch (IOException e) {
      LOG.warn("could not remove the VIP delivery rules: {}", e.getMessage());
    }
  }
}
