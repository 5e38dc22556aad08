package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MetalLB users' YAML reads into IronLB's classes field for field. */
class MetalLbYamlTest {

  private static List<String> documents() throws IOException {
    try (InputStream in = MetalLbYamlTest.class.getResourceAsStream("/metallb/examples.yaml")) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(all.split("(?m)^---$"));
    }
  }

  private static <T> T read(int index, Class<T> type) throws IOException {
    return Serialization.unmarshal(documents().get(index), type);
  }

  @Test
  void poolFieldsKeepTheirMetalLbNames() throws IOException {
    IPAddressPool p = read(0, IPAddressPool.class);
    assertThat(p.getSpec().getAddresses())
        .containsExactly("192.168.10.0/24", "192.168.9.1-192.168.9.5", "fc00:f853:0ccd:e799::/124");
    assertThat(p.getSpec().getAutoAssign()).isFalse();
    assertThat(p.getSpec().getAvoidBuggyIPs()).isTrue();
    assertThat(p.getSpec().getServiceAllocation().getPriority()).isEqualTo(50);
    assertThat(p.getSpec().getServiceAllocation().getNamespaceSelectors().get(0).getMatchLabels())
        .containsEntry("foo", "bar");
    assertThat(
            p.getSpec()
                .getServiceAllocation()
                .getServiceSelectors()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("bar");
  }

  @Test
  void poolDefaultsApplyWhenFieldsAreOmitted() {
    IPAddressPool p =
        Serialization.unmarshal(
            "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p}\nspec:\n  addresses: [10.0.0.0/24]\n",
            IPAddressPool.class);
    assertThat(p.getSpec().getAutoAssign()).isTrue();
    assertThat(p.getSpec().getAvoidBuggyIPs()).isFalse();
  }

  @Test
  void advertisementsAndPeersReadEveryField() throws IOException {
    L2Advertisement l2 = read(1, L2Advertisement.class);
    assertThat(l2.getSpec().getInterfaces()).containsExactly("eth0");
    assertThat(l2.getSpec().getPreferredNodeSelectors().get(0).getWeight()).isEqualTo(80);
    BGPAdvertisement bgp = read(2, BGPAdvertisement.class);
    assertThat(bgp.getSpec().getLocalPref()).isEqualTo(100L);
    assertThat(bgp.getSpec().getCommunities())
        .containsExactly("65535:65282", "large:1:2:3", "vpn-only");
    BGPPeer peer = read(3, BGPPeer.class);
    assertThat(peer.getSpec().getMyASN()).isEqualTo(64500L);
    assertThat(peer.getSpec().getPeerPort()).isEqualTo(1179);
    assertThat(peer.getSpec().getPasswordSecret().getName()).isEqualTo("bgp-secret");
    assertThat(peer.getSpec().getInterface()).isEmpty();
  }

  @Test
  void nothingIsLostOnARoundTrip() throws IOException {
    for (int i = 0; i < 4; i++) {
      String doc = documents().get(i);
      GenericKubernetesResource generic =
          Serialization.unmarshal(doc, GenericKubernetesResource.class);
      Class<?> type =
          switch (generic.getKind()) {
            case "IPAddressPool" -> IPAddressPool.class;
            case "L2Advertisement" -> L2Advertisement.class;
            case "BGPAdvertisement" -> BGPAdvertisement.class;
            default -> BGPPeer.class;
          };
      Object typed = Serialization.unmarshal(doc, type);
      GenericKubernetesResource back =
          Serialization.unmarshal(Serialization.asJson(typed), GenericKubernetesResource.class);
      assertThat(back.getAdditionalProperties().get("spec"))
          .as(generic.getKind())
          .isEqualTo(generic.getAdditionalProperties().get("spec"));
    }
  }
}
