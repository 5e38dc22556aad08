package io.ironlb.speaker.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.api.v1beta1.ConfigurationState;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta1.ServiceL2Status;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.runtime.EventRecorder;
import io.ironlb.speaker.MockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner writes one ServiceL2Status per Service it announces (node, service, interfaces),
 * removes it when it stops, removes what other nodes left for the same Service, and records Events;
 * all against the fabric8 mock API server.
 */
class StatusPublisherTest {

  private static final String NS = "ironlb-system";
  private MockApiServer api;
  private KubernetesClient client;

  @BeforeEach
  void startServer() {
    api =
        new MockApiServer(ServiceL2Status.class, ServiceBGPStatus.class, ConfigurationState.class);
    client = api.client();
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  @Test
  void ownerWritesStatusAndDeletesItWhenItStopsAnnouncing() throws Exception {
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1")) {
      node1.publish(Map.of("default/web", owned("web", "node1", "eth0")), List.of());
      node1.awaitIdle();
      List<ServiceL2Status> all = statuses();
      assertThat(all).hasSize(1);
      ServiceL2Status s = all.get(0);
      assertThat(s.getStatus().getNode()).isEqualTo("node1");
      assertThat(s.getStatus().getServiceName()).isEqualTo("web");
      assertThat(s.getStatus().getServiceNamespace()).isEqualTo("default");
      assertThat(s.getStatus().getInterfaces())
          .extracting(i -> i.getName())
          .containsExactly("eth0");
      assertThat(s.getMetadata().getLabels())
          .containsEntry(L2StatusWriter.NODE_LABEL, "node1")
          .containsEntry(L2StatusWriter.SERVICE_NAME_LABEL, "web")
          .containsEntry(L2StatusWriter.SERVICE_NAMESPACE_LABEL, "default");

      node1.publish(Map.of(), List.of());
      node1.awaitIdle();
      assertThat(statuses()).isEmpty();
    }
  }

  @Test
  void inAPodTheObjectIsOwnedByTheSpeakersPod() throws Exception {
    var pod =
        new StatusPublisher.OwnerPod(
            "ironlb-speaker-x7k2p", "0b8e3c2a-1111-4222-8333-944445555666");
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1", Optional.of(pod))) {
      node1.publish(Map.of("default/web", owned("web", "node1", "eth0")), List.of());
      node1.awaitIdle();
    }
    var refs = statuses().get(0).getMetadata().getOwnerReferences();
    assertThat(refs).hasSize(1);
    assertThat(refs.get(0).getKind()).isEqualTo("Pod");
    assertThat(refs.get(0).getApiVersion()).isEqualTo("v1");
    assertThat(refs.get(0).getName()).isEqualTo(pod.name());
    assertThat(refs.get(0).getUid()).isEqualTo(pod.uid());
  }

  @Test
  void newOwnerRemovesTheObjectADeadOwnerLeftBehind() throws Exception {
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1");
        StatusPublisher node2 = new StatusPublisher(client, NS, "node2")) {
      node1.publish(Map.of("default/web", owned("web", "node1", "eth0")), List.of());
      node1.awaitIdle();
      // node1 dies without cleaning up; node2 wins the election
      node2.publish(Map.of("default/web", owned("web", "node2", "eth0")), List.of());
      node2.awaitIdle();
      assertThat(statuses()).extracting(s -> s.getStatus().getNode()).containsExactly("node2");
    }
  }

  @Test
  void restartedSpeakerDeletesObjectsForServicesItNoLongerAnnounces() throws Exception {
    try (StatusPublisher before = new StatusPublisher(client, NS, "node1")) {
      before.publish(
          Map.of(
              "default/a", owned("a", "node1", "eth0"), "default/b", owned("b", "node1", "eth0")),
          List.of());
      before.awaitIdle();
    }
    try (StatusPublisher after = new StatusPublisher(client, NS, "node1")) {
      after.publish(Map.of("default/a", owned("a", "node1", "eth0")), List.of());
      after.awaitIdle();
      assertThat(statuses()).extracting(s -> s.getStatus().getServiceName()).containsExactly("a");
    }
  }

  @Test
  void eventsAreRecordedOnTheService() throws Exception {
    var svc =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("default")
            .endMetadata()
            .build();
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1")) {
      node1.publish(
          Map.of(),
          List.of(
              new StatusPublisher.PendingEvent(
                  svc,
                  EventRecorder.Type.NORMAL,
                  "nodeAssigned",
                  "announcing from node \"node1\" with protocol \"layer2\"")));
      node1.awaitIdle();
    }
    List<Event> events = client.v1().events().inNamespace("default").list().getItems();
    assertThat(events).extracting(Event::getReason).containsExactly("nodeAssigned");
    assertThat(events.get(0).getInvolvedObject().getName()).isEqualTo("web");
  }

  @Test
  void configurationProblemsGoToTheSpeakersConfigurationStateAndTheObjectAtFault()
      throws Exception {
    BGPPeer peer = new BGPPeer();
    peer.setMetadata(new ObjectMetaBuilder().withName("r1").withNamespace(NS).build());
    String problem =
        "BGPPeer ironlb-system/r1: spec.passwordSecret.name: Secret \"bgp-auth\" not found";
    try (StatusPublisher node1 =
        new StatusPublisher(
            client, NS, "node1", Optional.of(new StatusPublisher.OwnerPod("p", "u")))) {
      node1.publishConfig(
          List.of(problem),
          List.of(
              new StatusPublisher.PendingEvent(
                  peer, EventRecorder.Type.WARNING, "InvalidConfiguration", problem)));
      node1.awaitIdle();
      ConfigurationState state =
          client
              .resources(ConfigurationState.class)
              .inNamespace(NS)
              .withName("speaker-node1")
              .get();
      assertThat(state.getMetadata().getLabels())
          .containsEntry("metallb.io/component-type", "speaker")
          .containsEntry("metallb.io/node-name", "node1");
      assertThat(state.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(state.getStatus().getResult()).isEqualTo("Invalid");
      assertThat(state.getStatus().getErrorSummary()).isEqualTo(problem);
      assertThat(state.getStatus().getConditions().get(0).getType())
          .isEqualTo("configReconcilerValid");
      Event event = client.v1().events().inNamespace(NS).list().getItems().get(0);
      assertThat(event.getInvolvedObject().getKind()).isEqualTo("BGPPeer");
      assertThat(event.getMessage()).isEqualTo(problem);

      node1.publishConfig(List.of(), List.of());
      node1.awaitIdle();
      state =
          client
              .resources(ConfigurationState.class)
              .inNamespace(NS)
              .withName("speaker-node1")
              .get();
      assertThat(state.getStatus().getResult()).isEqualTo("Valid");
      assertThat(state.getStatus().getConditions().get(0).getReason()).isEqualTo("Reconciled");
    }
  }

  @Test
  void anObjectAnotherNodeDeletesWhileThisNodeStillOwnsTheServiceIsWrittenAgain() throws Exception {
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1");
        StatusPublisher node2 = new StatusPublisher(client, NS, "node2")) {
      node1.watchOwnObjects();
      node2.watchOwnObjects();
      node1.publish(
          Map.of(
              "default/web", owned("web", "node1", "eth0"),
              "default/gone", owned("gone", "node1", "eth0")),
          List.of());
      node1.awaitIdle();
      // node1 stops announcing one Service itself: that deletion must not be undone
      node1.publish(Map.of("default/web", owned("web", "node1", "eth0")), List.of());
      node1.awaitIdle();
      // node2 takes "web" (a membership flap: node1 never changed its mind) and removes what it
      // takes for the previous owner's leftover; node1 writes its object back
      node2.publish(Map.of("default/web", owned("web", "node2", "eth0")), List.of());
      node2.awaitIdle();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(owners()).containsExactly("node1 web", "node2 web"));
      // ...without deleting node2's in turn: both objects stay while both announce (no fight)
      Map<String, String> uids = uids();
      for (int i = 0; i < 10; i++) {
        Thread.sleep(100);
        assertThat(uids()).isEqualTo(uids);
      }
      // node2 hands the Service back and deletes its own object
      node2.publish(Map.of(), List.of());
      node2.awaitIdle();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(owners()).containsExactly("node1 web"));
    }
  }

  private List<String> owners() {
    return statuses().stream()
        .map(s -> s.getStatus().getNode() + " " + s.getStatus().getServiceName())
        .sorted()
        .toList();
  }

  private Map<String, String> uids() {
    return statuses().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getMetadata().getUid()));
  }

  @Test
  void aLeavingNodeDoesNotWriteBackWhatItsPeersDeleteWhenTheyTakeOver() throws Exception {
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1")) {
      node1.watchOwnObjects();
      node1.publish(Map.of("default/web", owned("web", "node1", "eth0")), List.of());
      node1.awaitIdle();
      node1.leaving();
      client.resources(ServiceL2Status.class).inNamespace(NS).delete();
      for (int i = 0; i < 10; i++) {
        Thread.sleep(100);
        node1.awaitIdle();
        assertThat(statuses()).isEmpty();
      }
    }
  }

  @Test
  void aLateReportThatAnOlderIncarnationWasDeletedIsNotTakenForTheCurrentOne() {
    L2StatusWriter writer = new L2StatusWriter(client, NS, "node1", Optional.empty());
    writer.resync();
    writer.apply(Map.of("default/web", owned("web", "node1", "eth0")));
    String name = writer.objectName("default", "web");
    String uid = statuses().get(0).getMetadata().getUid();
    assertThat(uid).isNotBlank();

    assertThat(writer.forget(name, "uid-of-an-earlier-web")).isFalse();
    assertThat(writer.forget("l2-0000000000000000", uid)).isFalse();
    assertThat(writer.forget(name, uid)).isTrue();
    assertThat(writer.forget(name, uid)).as("forgotten once").isFalse();
  }

  @Test
  void aServiceBgpStatusDeletedByAnOperatorIsWrittenAgain() throws Exception {
    try (StatusPublisher node1 = new StatusPublisher(client, NS, "node1")) {
      node1.watchOwnObjects();
      node1.publishBgp(
          Map.of("default/web", new BgpAnnouncement("default", "web", "node1", List.of("tor"))),
          List.of());
      node1.awaitIdle();
      assertThat(bgpStatuses()).hasSize(1);
      client.resources(ServiceBGPStatus.class).inNamespace(NS).delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(bgpStatuses())
                      .extracting(s -> s.getStatus().getPeers())
                      .containsExactly(List.of("tor")));
    }
  }

  private List<ServiceBGPStatus> bgpStatuses() {
    return client.resources(ServiceBGPStatus.class).inNamespace(NS).list().getItems();
  }

  private List<ServiceL2Status> statuses() {
    return client.resources(ServiceL2Status.class).inNamespace(NS).list().getItems();
  }

  private static L2Ownership owned(String name, String node, String iface) {
    return new L2Ownership("default", name, node, List.of(iface));
  }
}
