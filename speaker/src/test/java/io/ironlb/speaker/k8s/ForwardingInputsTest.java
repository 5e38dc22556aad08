package io.ironlb.speaker.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
import io.ironlb.speaker.forwarder.ForwarderConfig;
import io.ironlb.speaker.forwarder.ForwarderLimits;
import io.ironlb.speaker.forwarder.HealthCheckSettings;
import io.ironlb.speaker.forwarder.L4Protocol;
import io.ironlb.speaker.forwarder.ListenerSpec;
import io.ironlb.speaker.forwarder.ServiceForwarding;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Services the forwarder serves on a node, on which VIP ports, to which NodePorts. */
class ForwardingInputsTest {

  private final ForwardingInputs inputs =
      new ForwardingInputs("node2", ForwarderLimits.DEFAULT, HealthCheckSettings.DEFAULT);
  private final List<Node> nodes =
      List.of(
          node("node1", "198.51.100.11", "2001:db8:1b::1:11", "True"),
          node("node2", "198.51.100.12", "2001:db8:1b::1:12", "True"),
          node("node3", "198.51.100.13", "2001:db8:1b::1:13", "False"));

  @Test
  void proxyServiceAnnouncedHereListensOnEachPortWithThisNodeFirst() {
    Service web =
        service(
            "web",
            Map.of("ironlb.io/proxy-protocol", "v2"),
            "Cluster",
            List.of("203.0.113.0/24"),
            "Proxy");
    ForwarderConfig c = inputs.config(snapshot(web), Set.of("default/web"), Map.of());

    ServiceForwarding f = c.services().get("default/web");
    assertThat(f.proxyProtocol()).isEqualTo(ProxyProtocol.V2);
    assertThat(f.policy()).isEqualTo(TargetPolicy.LOCAL);
    assertThat(f.sourceRanges()).containsExactly(Cidr.parse("203.0.113.0/24"));
    assertThat(f.listeners())
        .extracting(ListenerSpec::describe)
        .containsExactly("TCP/198.51.100.240:80", "UDP/198.51.100.240:53");
    // this node first, then the other ready node; node3 is not Ready
    assertThat(f.listeners().get(0).targets())
        .containsExactly(
            new InetSocketAddress("198.51.100.12", 30080),
            new InetSocketAddress("198.51.100.11", 30080));
    assertThat(f.listeners().get(1).protocol()).isEqualTo(L4Protocol.UDP);
  }

  @Test
  void notAnnouncedHereOrVipModeMeansNothingToForward() {
    Service web = service("web", Map.of(), "Cluster", List.of(), "Proxy");
    Service vip = service("vip", Map.of(), "Cluster", List.of(), "VIP");
    assertThat(inputs.config(snapshot(web), Set.of(), Map.of()).services()).isEmpty();
    assertThat(inputs.config(snapshot(vip), Set.of("default/vip"), Map.of()).services()).isEmpty();
  }

  @Test
  void localTrafficPolicyTargetsOnlyNodesWithServingEndpoints() {
    Service web = service("web", Map.of(), "Local", List.of(), "Proxy");
    ForwarderConfig c =
        inputs.config(snapshot(web), Set.of("default/web"), Map.of("default/web", Set.of("node1")));
    assertThat(c.services().get("default/web").listeners().get(0).targets())
        .containsExactly(new InetSocketAddress("198.51.100.11", 30080));
  }

  private ClusterSnapshot snapshot(Service svc) {
    return new ClusterSnapshot(List.of(svc), List.of(), nodes, List.of(), List.of(), List.of());
  }

  private static Service service(
      String name,
      Map<String, String> annotations,
      String policy,
      List<String> sourceRanges,
      String ipMode) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withExternalTrafficPolicy(policy)
        .withLoadBalancerSourceRanges(sourceRanges)
        .addNewPort()
        .withProtocol("TCP")
        .withPort(80)
        .withNodePort(30080)
        .endPort()
        .addNewPort()
        .withProtocol("UDP")
        .withPort(53)
        .withNodePort(30053)
        .endPort()
        .addNewPort()
        .withProtocol("SCTP")
        .withPort(9)
        .withNodePort(30009)
        .endPort()
        .endSpec()
        .withNewStatus()
        .withNewLoadBalancer()
        .addNewIngress()
        .withIp("198.51.100.240")
        .withIpMode(ipMode)
        .endIngress()
        .endLoadBalancer()
        .endStatus()
        .build();
  }

  private static Node node(String name, String v4, String v6, String ready) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(v4)
        .endAddress()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(v6)
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .endStatus()
        .build();
  }
}
