package io.ironlb.speaker.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ironlb.api.v1beta1.ServiceL2Status;
import io.ironlb.api.v1beta1.ServiceL2StatusStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's {@code ServiceL2Status} objects (METALLB-API.md §4.8): one per Service the
 * node announces, labelled with the node and the Service, deleted when the node stops announcing
 * it. A node that starts owning a Service also deletes other nodes' objects for it, so a Service
 * has one object once the election settles, even when the previous owner died without cleaning up.
 * In a Pod, each object is owned by the speaker's Pod, so deleting the DaemonSet or a node's Pod
 * removes them.
 *
 * <p>Called only from the {@link StatusPublisher}'s thread; API errors propagate so the publisher
 * retries.
 */
final class L2StatusWriter {

  static final String NODE_LABEL = StatusObjects.NODE_LABEL;
  static final String SERVICE_NAME_LABEL = StatusObjects.SERVICE_NAME_LABEL;
  static final String SERVICE_NAMESPACE_LABEL = StatusObjects.SERVICE_NAMESPACE_LABEL;
  private static final Logger LOG = LoggerFactory.getLogger(L2StatusWriter.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final Optional<StatusPublisher.OwnerPod> ownerPod;
  private final Map<String, L2Ownership> written = new ConcurrentHashMap<>();
  private final WrittenObjects objects = new WrittenObjects();
  private final Set<String> restoring = new HashSet<>();

  L2StatusWriter(
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
    for (ServiceL2Status s : ours()) {
      var st = s.getStatus();
      if (st != null && st.getServiceName() != null && st.getServiceNamespace() != null) {
        objects.record(s);
        written.put(
            st.getServiceNamespace() + "/" + st.getServiceName(),
            new L2Ownership(st.getServiceNamespace(), st.getServiceName(), node, interfaces(st)));
      } else {
        delete(s.getMetadata().getName());
      }
    }
  }

  /** Makes the objects match {@code desired} (service key to ownership). */
  void apply(Map<String, L2Ownership> desired) {
    for (var e : List.copyOf(written.entrySet())) {
      if (!desired.containsKey(e.getKey())) {
        String name = objectName(e.getValue().namespace(), e.getValue().name());
        delete(name);
        objects.remove(name);
        written.remove(e.getKey());
        restoring.remove(e.getKey());
        LOG.info(
            "service {}: no longer announced from {}, ServiceL2Status deleted", e.getKey(), node);
      }
    }
    restoring.retainAll(desired.keySet());
    for (var e : desired.entrySet()) {
      if (!e.getValue().equals(written.get(e.getKey()))) {
        write(e.getValue(), !restoring.contains(e.getKey()));
        restoring.remove(e.getKey());
        written.put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Drops object {@code name} from what this writer believes is written, if {@code uid} is the
   * incarnation it wrote (a watch may report an older one's deletion late); true when it was there
   * (then the next {@link #apply} writes it again if it is still desired, without deleting other
   * nodes' objects for the Service: whoever deleted it believes it owns the Service too, and
   * deleting its object back would start a fight that lasts as long as both believe so; each
   * deletes its own object when it stops announcing).
   */
  boolean forget(String name, String uid) {
    if (!objects.isCurrent(name, uid)) {
      return false;
    }
    objects.remove(name);
    for (var e : List.copyOf(written.entrySet())) {
      if (objectName(e.getValue().namespace(), e.getValue().name()).equals(name)) {
        written.remove(e.getKey());
        restoring.add(e.getKey());
        return true;
      }
    }
    return false;
  }

  /** Deletes every object of this node (graceful shutdown). */
  void deleteAll() {
    for (ServiceL2Status s : ours()) {
      delete(s.getMetadata().getName());
    }
    objects.clear();
    written.clear();
  }

  private List<ServiceL2Status> ours() {
    return client
        .resources(ServiceL2Status.class)
        .inNamespace(namespace)
        .withLabel(NODE_LABEL, node)
        .list()
        .getItems();
  }

  private void write(L2Ownership o, boolean deleteOthers) {
    ServiceL2Status obj = new ServiceL2Status();
    obj.setMetadata(
        StatusObjects.meta(
            objectName(o.namespace(), o.name()),
            namespace,
            node,
            o.namespace(),
            o.name(),
            ownerPod));
    ServiceL2StatusStatus status = new ServiceL2StatusStatus();
    status.setNode(node);
    status.setServiceName(o.name());
    status.setServiceNamespace(o.namespace());
    status.setInterfaces(
        o.interfaces().stream()
            .map(
                n -> {
                  var i = new ServiceL2StatusStatus.InterfaceInfo();
                  i.setName(n);
                  return i;
                })
            .toList());
    var resources = client.resources(ServiceL2Status.class).inNamespace(namespace);
    ServiceL2Status existing = resources.withName(obj.getMetadata().getName()).get();
    ServiceL2Status stored = existing == null ? resources.resource(obj).create() : existing;
    stored.setStatus(status);
    objects.record(resources.resource(stored).updateStatus());
    if (deleteOthers) {
      deleteOthers(o);
    }
    LOG.info("service {}: announced from {}, ServiceL2Status written", o.key(), node);
  }

  /** The owner removes objects other nodes left for the same Service. */
  private void deleteOthers(L2Ownership o) {
    for (ServiceL2Status s :
        client
            .resources(ServiceL2Status.class)
            .inNamespace(namespace)
            .withLabel(SERVICE_NAME_LABEL, o.name())
            .withLabel(SERVICE_NAMESPACE_LABEL, o.namespace())
            .list()
            .getItems()) {
      if (!node.equals(s.getMetadata().getLabels().get(NODE_LABEL))) {
        delete(s.getMetadata().getName());
      }
    }
  }

  private void delete(String name) {
    try {
      client.resources(ServiceL2Status.class).inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** A stable name per (Service, node): {@code l2-} and 16 hex digits of a SHA-256. */
  String objectName(String svcNamespace, String svcName) {
    return StatusObjects.name("l2-", svcNamespace, svcName, node);
  }

  private static List<String> interfaces(ServiceL2StatusStatus st) {
    return st.getInterfaces() == null
        ? List.of()
        : st.getInterfaces().stream().map(ServiceL2StatusStatus.InterfaceInfo::getName).toList();
  }
}
