package io.ironlb.controller.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes what the controller owns on a Service: {@code status.loadBalancer.ingress} (through the
 * {@code status} subresource, as a real API server requires) and the {@code
 * metallb.io/ip-allocated-from-pool} annotation (on the main resource). Both are JSON merge patches
 * that touch only those fields, so nothing else on the Service is overwritten.
 */
public final class ServiceWriter {

  /** The annotation naming the pool the Service's IPs came from. */
  public static final String POOL_ANNOTATION = "metallb.io/ip-allocated-from-pool";

  // A plain mapper: merge patches need explicit nulls ("delete this key"), kept as written.
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  public ServiceWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Makes the Service's ingress list {@code ips} (empty clears it), with a PUT to the {@code
   * status} subresource carrying the Service's resourceVersion: a Service that changed since it was
   * read is not overwritten (409 Conflict, and the reconcile is retried on the fresh object). A PUT
   * also replaces the list exactly, where merge patches of lists differ between servers. {@code
   * ipMode} is left unset (the API server then means VIP) until Proxy mode exists.
   */
  public void writeIngress(Service svc, List<String> ips) {
    Service copy = new ServiceBuilder(svc).build();
    if (copy.getStatus() == null) {
      copy.setStatus(new ServiceStatus());
    }
    if (copy.getStatus().getLoadBalancer() == null) {
      copy.getStatus().setLoadBalancer(new LoadBalancerStatus());
    }
    List<LoadBalancerIngress> ingress = new ArrayList<>();
    for (String ip : ips) {
      ingress.add(new LoadBalancerIngressBuilder().withIp(ip).build());
    }
    copy.getStatus().getLoadBalancer().setIngress(ingress.isEmpty() ? null : ingress);
    client.services().resource(copy).updateStatus();
  }

  /**
   * Sets the pool annotation, or removes it when {@code pool} is empty. Removal is a JSON patch
   * {@code remove}, not a merge patch with null, which some servers (the fabric8 mock) store as a
   * null value instead of deleting the key.
   */
  public void writePoolAnnotation(Service svc, Optional<String> pool) {
    var resource =
        client
            .services()
            .inNamespace(svc.getMetadata().getNamespace())
            .withName(svc.getMetadata().getName());
    if (pool.isPresent()) {
      Map<String, Object> patch =
          Map.of("metadata", Map.of("annotations", Map.of(POOL_ANNOTATION, pool.get())));
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), json(patch));
    } else if (poolAnnotation(svc).isPresent()) {
      // RFC 6901: "/" in a key is written "~1"
      String path =
          "/metadata/annotations/" + POOL_ANNOTATION.replace("~", "~0").replace("/", "~1");
      resource.patch(
          PatchContext.of(PatchType.JSON), json(List.of(Map.of("op", "remove", "path", path))));
    }
  }

  /** The pool annotation currently on the Service, if any. */
  public static Optional<String> poolAnnotation(Service svc) {
    Map<String, String> a = svc.getMetadata().getAnnotations();
    return Optional.ofNullable(a == null ? null : a.get(POOL_ANNOTATION));
  }

  private static String json(Object patch) {
    try {
      return JSON.writeValueAsString(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a patch of plain maps", e);
    }
  }
}
