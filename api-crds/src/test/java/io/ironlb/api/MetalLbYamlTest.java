package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceL2Status;
import io.ironlb.api.v1beta2.BGPPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MetalLB users' YAML (test resources under {@code metallb/}) reads into the classes. */
class MetalLbYamlTest {

  static String resource(String name) throws IOException {
    try (InputStream in = MetalLbYamlTest.class.getResourceAsStream("/metallb/" + name)) {
      assertThat(in).as("test resource metallb/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static <T> T read(String name, Class<T> type) throws IOException {
    return Serialization.unmarshal(resource(name), type);
  }

  @Test
  void poolWithServiceAllocationReadsEveryField() throws IOException {
    var spec = read("ipaddresspool-service-allocation.yaml", IPAddressPool.class).getSpec();
    assertThat(spec.getAddresses())
        .containsExactly(
            "192.168.10.0/24",
            "192.168.9.1-192.168.9.5",
            "192.168.8.10 - 192.168.8.20",
            "fc00:f853:0ccd:e799::/124");
    assertThat(spec.getAutoAssign()).isFalse();
    assertThat(spec.getAvoidBuggyIPs()).isTrue();
    var allocation = spec.getServiceAllocation();
    assertThat(allocation.getPriority()).isEqualTo(50);
    assertThat(allocation.getNamespaces()).containsExactly("namespace-a", "namespace-b");
    assertThat(allocation.getNamespaceSelectors())
        .extracting(LabelSelector::getMatchLabels)
        .containsExactly(Map.of("foo", "bar"));
    var requirement = allocation.getServiceSelectors().get(0).getMatchExpressions().get(0);
    assertThat(requirement.getKey()).isEqualTo("app");
    assertThat(requirement.getOperator()).isEqualTo("In");
    assertThat(requirement.getValues()).containsExactly("bar");
  }

  @Test
  void poolWithoutOptionalFieldsGetsMetalLbDefaults() throws IOException {
    var spec = read("ipaddresspool-minimal.yaml", IPAddressPool.class).getSpec();
    assertThat(spec.getAddresses()).containsExactly("192.168.1.240-192.168.1.250");
    assertThat(spec.getAutoAssign()).as("autoAssign defaults to true").isTrue();
    assertThat(spec.getAvoidBuggyIPs()).as("avoidBuggyIPs defaults to false").isFalse();
    assertThat(spec.getServiceAllocation()).isNull();
  }

  @Test
  void l2AdvertisementReadsSelectorsInterfacesAndWeightedPreferences() throws IOException {
    var spec = read("l2advertisement-preferred-nodes.yaml", L2Advertisement.class).getSpec();
    assertThat(spec.getIpAddressPools()).containsExactly("production");
    assertThat(spec.getIpAddressPoolSelectors().get(0).getMatchLabels())
        .containsEntry("zone", "east");
    assertThat(spec.getInterfaces()).containsExactly("eth0", "eth1");
    assertThat(spec.getNodeSelectors()).hasSize(2);
    assertThat(spec.getServiceSelectors().get(0).getMatchLabels()).containsEntry("exposed", "true");
    var preferred = spec.getPreferredNodeSelectors();
    assertThat(preferred).extracting(p -> p.getWeight()).containsExactly(80, 20);
    assertThat(preferred.get(0).getPreference().getMatchLabels()).containsEntry("zone", "a");
    assertThat(preferred.get(1).getPreference().getMatchExpressions().get(0).getOperator())
        .isEqualTo("Exists");
  }

  @Test
  void bgpAdvertisementReadsCommunitiesAndDefaultsTheV6Aggregation() throws IOException {
    var spec = read("bgpadvertisement-communities.yaml", BGPAdvertisement.class).getSpec();
    assertThat(spec.getCommunities()).containsExactly("65535:65282", "large:1:2:3", "vpn-only");
    assertThat(spec.getLocalPref()).isEqualTo(100L);
    assertThat(spec.getAggregationLength()).isEqualTo(32);
    assertThat(spec.getAggregationLengthV6())
        .as("aggregationLengthV6 defaults to 128")
        .isEqualTo(128);
    assertThat(spec.getPeers()).containsExactly("router-a");
    assertThat(spec.getIpAddressPools()).containsExactly("production");
    assertThat(spec.getNodeSelectors()).hasSize(1);
    assertThat(spec.getServiceSelectors()).isNull();
  }

  @Test
  void peerWithPasswordSecretReadsEveryField() throws IOException {
    var spec = read("bgppeer-password-secret.yaml", BGPPeer.class).getSpec();
    assertThat(spec.getMyASN()).isEqualTo(64500L);
    assertThat(spec.getPeerASN()).isEqualTo(64501L);
    assertThat(spec.getDynamicASN()).isNull();
    assertThat(spec.getPeerAddress()).isEqualTo("10.0.0.1");
    assertThat(spec.getSourceAddress()).isEqualTo("10.0.0.2");
    assertThat(spec.getRouterID()).isEqualTo("10.10.10.10");
    assertThat(spec.getPeerPort()).isEqualTo(1179);
    assertThat(spec.getHoldTime()).isEqualTo("90s");
    assertThat(spec.getKeepaliveTime()).isEqualTo("30s");
    assertThat(spec.getConnectTime()).isEqualTo("5s");
    assertThat(spec.getPasswordSecret().getName()).isEqualTo("bgp-secret");
    assertThat(spec.getPasswordSecret().getNamespace()).isEqualTo("metallb-system");
    assertThat(spec.getPassword()).isNull();
    assertThat(spec.getBfdProfile()).isEqualTo("fast");
    assertThat(spec.getEbgpMultiHop()).isTrue();
    assertThat(spec.getEnableGracefulRestart()).isTrue();
    assertThat(spec.getVrf()).isEqualTo("red");
    assertThat(spec.getNodeSelectors().get(0).getMatchExpressions().get(0).getValues())
        .containsExactly("node-a", "node-b");
    assertThat(spec.getInterface()).isNull();
  }

  @Test
  void unnumberedPeerReadsInterfaceDynamicAsnAndDefaults() throws IOException {
    var spec = read("bgppeer-unnumbered.yaml", BGPPeer.class).getSpec();
    assertThat(spec.getInterface()).isEqualTo("eth1");
    assertThat(spec.getDynamicASN()).isEqualTo("external");
    assertThat(spec.getPeerASN()).isNull();
    assertThat(spec.getLocalASN()).isEqualTo(65000L);
    assertThat(spec.getDualStackAddressFamily()).isTrue();
    assertThat(spec.getPassword()).isEqualTo("s3cret");
    assertThat(spec.getPeerPort()).as("peerPort defaults to 179").isEqualTo(179);
    assertThat(spec.getDisableMP()).as("disableMP defaults to false").isFalse();
    assertThat(spec.getEbgpMultiHop()).isNull();
  }

  @Test
  void bfdProfileReadsEveryTimer() throws IOException {
    var spec = read("bfdprofile.yaml", BFDProfile.class).getSpec();
    assertThat(
            new Object[] {
              spec.getReceiveInterval(),
              spec.getTransmitInterval(),
              spec.getDetectMultiplier(),
              spec.getEchoInterval(),
              spec.getEchoMode(),
              spec.getPassiveMode(),
              spec.getMinimumTtl()
            })
        .containsExactly(380, 270, 5, 62, true, true, 254);
  }

  @Test
  void communityReadsAliases() throws IOException {
    var aliases = read("community.yaml", Community.class).getSpec().getCommunities();
    assertThat(aliases)
        .extracting(a -> a.getName() + "=" + a.getValue())
        .containsExactly("vpn-only=1234:1", "no-export-large=large:65535:65282:1");
  }

  @Test
  void statusKindsWrittenByMetalLbSpeakersRead() throws IOException {
    var state = read("configurationstate.yaml", ConfigurationState.class).getStatus();
    assertThat(state.getResult()).isEqualTo("Invalid");
    assertThat(state.getErrorSummary()).contains("overlaps");
    assertThat(state.getConditions().get(0).getType()).isEqualTo("configReconcilerValid");
    assertThat(state.getConditions().get(0).getReason()).isEqualTo("ConfigurationError");

    var l2 = read("servicel2status.yaml", ServiceL2Status.class).getStatus();
    assertThat(l2.getNode()).isEqualTo("node-a");
    assertThat(l2.getServiceName()).isEqualTo("web");
    assertThat(l2.getServiceNamespace()).isEqualTo("shop");
    assertThat(l2.getInterfaces().get(0).getName()).isEqualTo("eth0");

    var bgp = read("servicebgpstatus.yaml", ServiceBGPStatus.class).getStatus();
    assertThat(bgp.getNode()).isEqualTo("node-b");
    assertThat(bgp.getPeers()).containsExactly("router-a", "router-b");
  }

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("ipaddresspool-service-allocation.yaml", IPAddressPool.class),
        Arguments.of("ipaddresspool-minimal.yaml", IPAddressPool.class),
        Arguments.of("l2advertisement-preferred-nodes.yaml", L2Advertisement.class),
        Arguments.of("bgpadvertisement-communities.yaml", BGPAdvertisement.class),
        Arguments.of("bgppeer-password-secret.yaml", BGPPeer.class),
        Arguments.of("bgppeer-unnumbered.yaml", BGPPeer.class),
        Arguments.of("bfdprofile.yaml", BFDProfile.class),
        Arguments.of("community.yaml", Community.class),
        Arguments.of("configurationstate.yaml", ConfigurationState.class),
        Arguments.of("servicel2status.yaml", ServiceL2Status.class),
        Arguments.of("servicebgpstatus.yaml", ServiceBGPStatus.class));
  }

  /**
   * Reading into the typed class and writing back keeps everything the user wrote (an unknown or
   * misnamed JSON property would be dropped), adding at most the schema defaults.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void roundTripKeepsEveryFieldTheUserWrote(String file, Class<? extends HasMetadata> type)
      throws IOException {
    String yaml = resource(file);
    GenericKubernetesResource original =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    HasMetadata typed = Serialization.unmarshal(yaml, type);
    assertThat(typed.getKind()).isEqualTo(original.getKind());
    assertThat(typed.getApiVersion()).isEqualTo(original.getApiVersion());
    GenericKubernetesResource back =
        Serialization.unmarshal(Serialization.asJson(typed), GenericKubernetesResource.class);
    for (String part : new String[] {"spec", "status"}) {
      Object written = original.getAdditionalProperties().get(part);
      if (written instanceof Map<?, ?> fields && !fields.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) back.getAdditionalProperties().get(part);
        assertThat(after).as("%s of %s", part, file).containsAllEntriesOf(asStringMap(fields));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asStringMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
