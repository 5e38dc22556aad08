package io.ironlb.speaker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.ironlb.core.announce.NodeFacts;
import io.ironlb.core.announce.ServiceFacts;
import io.ironlb.core.announce.TrafficPolicy;
import io.ironlb.core.ip.IpText;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kubernetes objects become the planner's facts the way MetalLB's speaker reads them. */
class PlannerInputsTest {

  private final PlannerInputs inputs = new PlannerInputs(Optional.empty());

  @Test
  void loadBalancerServiceBecomesFactsWithIngressOrderAndServingNodes() {
    Service svc =
        lb(
            "web",
            "Local",
            null,
            Map.of("metallb.io/allow-shared-ip", "k"),
            "192.0.2.240",
            "2001:db8::1");
    EndpointSlice slice =
        slice(
            "web",
            ep("node-a", true, null),
            ep("node-b", false, true), // terminating but serving counts
            ep("node-c", false, false));
    List<ServiceFacts> facts = inputs.services(snapshot(List.of(svc), List.of(slice), List.of()));

    assertThat(facts).hasSize(1);
    ServiceFacts f = facts.get(0);
    assertThat(f.key()).isEqualTo("default/web");
    assertThat(f.ingressIps())
        .containsExactly(IpText.parse("192.0.2.240"), IpText.parse("2001:db8::1"));
    assertThat(f.trafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
    assertThat(f.allowsSharedIp()).isTrue();
    assertThat(f.hasServingEndpoint()).isTrue();
    assertThat(f.nodesWithServingEndpoints()).containsExactlyInAnyOrder("node-a", "node-b");
  }

  @Test
  void serviceWithoutServingEndpointsHasNone() {
    Service svc = lb("web", "Cluster", null, Map.of(), "192.0.2.240");
    EndpointSlice slice = slice("web", ep("node-a", false, false));
    ServiceFacts f = inputs.services(snapshot(List.of(svc), List.of(slice), List.of())).get(0);
    assertThat(f.hasServingEndpoint()).isFalse();
    assertThat(f.trafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
    assertThat(f.allowsSharedIp()).isFalse();
  }

  @Test
  void otherTypesAndOtherClassesAreNotServed() {
    Service clusterIp =
        new ServiceBuilder(lb("a", "Cluster", null, Map.of(), "192.0.2.240"))
            .editSpec()
            .withType("ClusterIP")
            .endSpec()
            .build();
    Service otherClass = lb("b", "Cluster", "example.com/other", Map.of(), "192.0.2.241");
    assertThat(inputs.services(snapshot(List.of(clusterIp, otherClass), List.of(), List.of())))
        .isEmpty();
    PlannerInputs classed = new PlannerInputs(Optional.of("example.com/other"));
    assertThat(classed.services(snapshot(List.of(otherClass), List.of(), List.of())))
        .extracting(ServiceFacts::name)
        .containsExactly("b");
  }

  @Test
  void ingressEntriesThatAreNotIpLiteralsAreSkipped() {
    Service svc = lb("web", "Cluster", null, Map.of(), "not-an-ip", "192.0.2.242");
    ServiceFacts f = inputs.services(snapshot(List.of(svc), List.of(), List.of())).get(0);
    assertThat(f.ingressIps()).containsExactly(IpText.parse("192.0.2.242"));
  }

  @Test
  void nodesCarryLabelsAndNetworkUnavailable() {
    Node down =
        node("n1", "192.0.2.11", Map.of("zone", "a"))
            .edit()
            .editStatus()
            .addNewCondition()
            .withType("NetworkUnavailable")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    Node up = node("n2", "192.0.2.12", Map.of());
    Map<String, NodeFacts> facts = inputs.nodes(snapshot(List.of(), List.of(), List.of(down, up)));
    assertThat(facts.get("n1").networkUnavailable()).isTrue();
    assertThat(facts.get("n1").labels()).containsEntry("zone", "a");
    assertThat(facts.get("n2").networkUnavailable()).isFalse();
  }

  @Test
  void nodeAddressPrefersInternalIpv4() {
    Node dual =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .endMetadata()
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress("2001:db8::11")
            .endAddress()
            .addNewAddress()
            .withType("ExternalIP")
            .withAddress("198.51.100.1")
            .endAddress()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress("192.0.2.11")
            .endAddress()
            .endStatus()
            .build();
    Node v6only = node("n2", "2001:db8::12", Map.of());
    Node none = new NodeBuilder().withNewMetadata().withName("n3").endMetadata().build();
    assertThat(PlannerInputs.nodeAddresses(List.of(dual, v6only, none)))
        .containsExactly(
            Map.entry("n1", IpText.parse("192.0.2.11")),
            Map.entry("n2", IpText.parse("2001:db8::12")));
  }

  private static ClusterSnapshot snapshot(
      List<Service> services, List<EndpointSlice> slices, List<Node> nodes) {
    return new ClusterSnapshot(services, slices, nodes, List.of(), List.of(), List.of());
  }

  private static Service lb(
      String name, String etp, String lbClass, Map<String, String> annotations, String... ips) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withType("LoadBalancer")
            .withExternalTrafficPolicy(etp)
            .withLoadBalancerClass(lbClass)
            .endSpec()
            .withNewStatus()
            .withNewLoadBalancer()
            .endLoadBalancer()
            .endStatus();
    for (String ip : ips) {
      b.editStatus()
          .editLoadBalancer()
          .addNewIngress()
          .withIp(ip)
          .endIngress()
          .endLoadBalancer()
          .endStatus();
    }
    return b.build();
  }

  private record Ep(String node, Boolean ready, Boolean serving) {}

  private static Ep ep(String node, Boolean ready, Boolean serving) {
    return new Ep(node, ready, serving);
  }

  private static EndpointSlice slice(String service, Ep... eps) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName(service + "-abc")
            .withNamespace("default")
            .withLabels(Map.of(PlannerInputs.SERVICE_NAME_LABEL, service))
            .endMetadata()
            .withAddressType("IPv4");
    int i = 1;
    for (Ep e : eps) {
      b.addNewEndpoint()
          .withAddresses("10.244.0." + i++)
          .withNodeName(e.node())
          .withNewConditions()
          .withReady(e.ready())
          .withServing(e.serving())
          .endConditions()
          .endEndpoint();
    }
    return b.build();
  }

  private static Node node(String name, String ip, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(ip)
        .endAddress()
        .endStatus()
        .build();
  }
}
