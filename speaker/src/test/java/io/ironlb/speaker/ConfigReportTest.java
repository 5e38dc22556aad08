package io.ironlb.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import io.ironlb.core.config.Config;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A BGPPeer whose password Secret is missing is left out and said so: the speaker's
 * ConfigurationState turns Invalid naming the Secret, a Warning Event lands on the BGPPeer, and the
 * stale gauge is set; once the Secret appears the peer is in with its password and the state is
 * Valid again. The password never appears in what is reported.
 */
class ConfigReportTest {

  private static final String NS = "ironlb-system";
  private static final String PASSWORD = "s3cret-never-logged";
  private MockApiServer api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = new MockApiServer(ConfigurationState.class);
    client = api.client();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aMissingPasswordSecretIsReportedAndAFoundOneResolvesIt() throws Exception {
    SpeakerMetrics metrics = new SpeakerMetrics();
    try (StatusPublisher status = new StatusPublisher(client, NS, "node1")) {
      SpeakerConfig config =
          new SpeakerConfig(new PlannerInputs(Optional.empty()), metrics, new ConfigReport(status));

      Config without = config.parse(snapshot(List.of()));

      assertThat(without.bgpPeers()).doesNotContainKey("r1");
      assertThat(metrics.registry().scrape()).contains("metallb_k8s_client_config_stale_bool 1");
      await().atMost(Duration.ofSeconds(10)).until(() -> "Invalid".equals(result()));
      assertThat(state().getStatus().getErrorSummary())
          .contains("BGPPeer ironlb-system/r1")
          .contains("Secret \"bgp-auth\" not found");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.v1().events().inNamespace(NS).list().getItems().stream()
                      .anyMatch(
                          e ->
                              "InvalidConfiguration".equals(e.getReason())
                                  && "BGPPeer".equals(e.getInvolvedObject().getKind())
                                  && "r1".equals(e.getInvolvedObject().getName())));

      Config with = config.parse(snapshot(List.of(secret())));

      assertThat(with.bgpPeers().get("r1").password().orElseThrow().value()).isEqualTo(PASSWORD);
      assertThat(with.toString()).doesNotContain(PASSWORD);
      await().atMost(Duration.ofSeconds(10)).until(() -> "Valid".equals(result()));
      assertThat(metrics.registry().scrape()).contains("metallb_k8s_client_config_stale_bool 0");
      assertThat(client.v1().events().inNamespace(NS).list().getItems())
          .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
  }

  private String result() {
    ConfigurationState s = state();
    return s == null || s.getStatus() == null ? null : s.getStatus().getResult();
  }

  private ConfigurationState state() {
    return client
        .resources(ConfigurationState.class)
        .inNamespace(NS)
        .withName("speaker-node1")
        .get();
  }

  private static Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("bgp-auth")
        .withNamespace(NS)
        .endMetadata()
        .withType("kubernetes.io/basic-auth")
        .withData(
            Map.of(
                "password",
                Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  private static ClusterSnapshot snapshot(List<Secret> secrets) {
    BGPPeer peer = new BGPPeer();
    peer.setMetadata(
        new ObjectMetaBuilder().withName("r1").withNamespace(NS).withGeneration(1L).build());
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setMyASN(64513L);
    spec.setPeerASN(64512L);
    spec.setPeerAddress("198.51.100.2");
    SecretReference ref = new SecretReference();
    ref.setName("bgp-auth");
    spec.setPasswordSecret(ref);
    peer.setSpec(spec);
    return new ClusterSnapshot(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new ClusterSnapshot.Bgp(List.of(peer), List.of(), List.of(), List.of(), secrets));
  }
}
