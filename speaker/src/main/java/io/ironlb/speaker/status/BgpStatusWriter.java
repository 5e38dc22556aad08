package io.ironlb.speaker.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceBGPStatusStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's {@code ServiceBGPStatus} objects (METALLB-API.md §4.8): one per Service the
 * node announces to at least one peer, with the peers it is configured to go to; deleted when the
 * node stops announcing it. Every announcing node has its own (BGP has no single owner). Called
 * only from the {@link StatusPublisher}'s thread; API errors propagate so the publisher retries.
 */
final class BgpStatusWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BgpStatusWriter.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final Optional<StatusPublisher.OwnerPod> ownerPod;
  private final Map<String, BgpAnnouncement> written = new HashMap<>();
  private final WrittenObjects objects = new WrittenObjects();

  BgpStatusWriter(
      KubernetesClient client,
      String namespace,
      String node,
      Optional<StatusPublisher.OwnerPod> ownerPod) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.node = Objects.requireNonNull(node, "node");
    this.ownerPod = Objects.requireNonNull(ownerPod, "ownerPod");
  }

  /** Forgets what was written and reads this node's objects back (start-up, after errors). */
  void resync() {
    written.clear();
    objects.clear();
    for (ServiceBGPStatus s : ours()) {
      ServiceBGPStatusStatus st = s.getStatus();
      if (st != null && st.getServiceName() != null && st.getServiceNamespace() != null) {
        BgpAnnouncement a =
            new BgpAnnouncement(
                st.getServiceNamespace(),
                st.getServiceName(),
                node,
                st.getPeers() == null ? List.of() : st.getPeers());
        objects.record(s);
        written.put(a.key(), a);
      } else {
        delete(s.getMetadata().getName());
      }
    }
  }

  /** Makes the objects match {@code desired} (service key to announcement). */
  void apply(Map<String, BgpAnnouncement> desired) {
    for (var e : List.copyOf(written.entrySet())) {
      if (!desired.containsKey(e.getKey())) {
        delete(objectName(e.getValue()));
        objects.remove(objectName(e.getValue()));
        written.remove(e.getKey());
        LOG.info("service {}: no longer announced over BGP, ServiceBGPStatus deleted", e.getKey());
      }
    }
    for (var e : desired.entrySet()) {
      if (!e.getValue().equals(written.get(e.getKey()))) {
        write(e.getValue());
        written.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Drops object {@code name} from what this writer believes is written, if {@code uid} is the
   * incarnation it wrote (a watch may report an older one's deletion late); true when it was there
   * (then the next {@link #apply} writes it again if it is still desired).
   */
  boolean forget(String name, String uid) {
    if (!objects.isCurrent(name, uid)) {
      return false;
    }
    objects.remove(name);
    return written.values().removeIf(a -> objectName(a).equals(name));
  }

  /** Deletes every object of this node (graceful shutdown). */
  void deleteAll() {
    for (ServiceBGPStatus s : ours()) {
      delete(s.getMetadata().getName());
    }
    objects.clear();
    written.clear();
  }

  private List<ServiceBGPStatus> ours() {
    return client
        .resources(ServiceBGPStatus.class)
        .inNamespace(namespace)
        .withLabel(StatusObjects.NODE_LABEL, node)
        .list()
        .getItems();
  }

  private void write(BgpAnnouncement a) {
    ServiceBGPStatus obj = new ServiceBGPStatus();
    obj.setMetadata(
        StatusObjects.meta(objectName(a), namespace, node, a.namespace(), a.name(), ownerPod));
    ServiceBGPStatusStatus status = new ServiceBGPStatusStatus();
    status.setNode(node);
    status.setServiceName(a.name());
    status.setServiceNamespace(a.namespace());
    status.setPeers(a.peers());
    var resources = client.resources(ServiceBGPStatus.class).inNamespace(namespace);
    ServiceBGPStatus existing = resources.withName(obj.getMetadata().getName()).get();
    ServiceBGPStatus stored = existing == null ? resources.resource(obj).create() : existing;
    stored.setStatus(status);
    objects.record(resources.resource(stored).updateStatus());
    LOG.info("service {}: announced over BGP to {}, ServiceBGPStatus written", a.key(), a.peers());
  }

  private void delete(String name) {
    try {
      client.resources(ServiceBGPStatus.class).inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private String objectName(BgpAnnouncement a) {
    return StatusObjects.name("bgp-", a.namespace(), a.name(), node);
  }
}
