package io.ironlb.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.IPAddressPool;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fabric8 mock API server in CRUD mode with the metallb.io kinds registered, a JDK-HTTP client on
 * it, and helpers to create pools and Services and to run controllers against it. The mock is fast
 * and good for reconciler behaviour; it does no schema validation (the real-apiserver tests cover
 * that).
 */
final class MockCluster implements AutoCloseable {

  static final String NS = "ironlb-system";

  final KubernetesMockServer server;
  final KubernetesClient client;

  MockCluster() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(IPAddressPool.class));
    server.expectCustomResource(
        CustomResourceDefinitionContext.fromCustomResourceType(ConfigurationState.class));
    client = server.createClient(new VertxHttpClientFactory());
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
  }

  /** Starts a controller on this cluster, with ephemeral HTTP ports. */
  IronLbController startController() throws IOException {
    return startController(Optional.empty());
  }

  IronLbController startController(Optional<String> lbClass) throws IOException {
    return IronLbController.start(
        client, new ControllerOptions(Optional.empty(), NS, lbClass, 0, 0, "127.0.0.1", 4));
  }

  /** Creates or replaces an IPAddressPool from YAML spec lines. */
  IPAddressPool applyPool(String name, String specYaml) {
    String yaml =
        "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + NS
            + "\nspec:\n"
            + specYaml.indent(2);
    IPAddressPool pool = Serialization.unmarshal(yaml, IPAddressPool.class);
    return client
        .resources(IPAddressPool.class)
        .inNamespace(NS)
        .resource(pool)
        .createOr(r -> r.update());
  }

  void deletePool(String name) {
    client.resources(IPAddressPool.class).inNamespace(NS).withName(name).delete();
  }

  IPAddressPool pool(String name) {
    return client.resources(IPAddressPool.class).inNamespace(NS).withName(name).get();
  }

  /** A LoadBalancer Service builder with one TCP port 80 and a single IPv4 ClusterIP. */
  static ServiceBuilder lbService(String namespace, String name, String clusterIp) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withClusterIP(clusterIp)
        .withClusterIPs(clusterIp)
        .addNewPort()
        .withProtocol("TCP")
        .withPort(80)
        .endPort()
        .withSelector(Map.of("app", name))
        .endSpec();
  }

  Service create(Service svc) {
    return client.services().resource(svc).create();
  }

  Service service(String namespace, String name) {
    return client.services().inNamespace(namespace).withName(name).get();
  }

  /** The Service's ingress IPs as stored by the API server. */
  List<String> ingress(String namespace, String name) {
    Service svc = service(namespace, name);
    return svc == null ? List.of() : io.ironlb.controller.k8s.ServiceSnapshots.ingressIps(svc);
  }

  /** Reasons of the Events recorded on a Service, oldest first. */
  List<String> eventReasons(String namespace, String name) {
    return events(namespace, name).stream().map(Event::getReason).toList();
  }

  List<Event> events(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
