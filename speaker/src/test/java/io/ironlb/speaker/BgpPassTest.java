package io.ironlb.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.BGPAdvertisementSpec;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.IPAddressPoolSpec;
import io.ironlb.api.v1beta1.ServiceBGPStatus;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import io.ironlb.speaker.bgp.BgpAnnouncer;
import io.ironlb.speaker.bgp.session.BgpListener;
import io.ironlb.speaker.bgp.session.BgpSession;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.EventLoopScheduler;
import io.ironlb.speaker.bgp.session.FsmConfig;
import io.ironlb.speaker.bgp.session.PeerEndpoint;
import io.ironlb.speaker.bgp.session.RouteSource;
import io.ironlb.speaker.bgp.session.SessionListener;
import io.ironlb.speaker.bgp.session.SessionTransport;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.Update;
import io.ironlb.speaker.bgp.wire.attr.Communities;
import io.ironlb.speaker.k8s.ClusterSnapshot;
import io.ironlb.speaker.k8s.PlannerInputs;
import io.ironlb.speaker.status.SpeakerMetrics;
import io.ironlb.speaker.status.StatusPublisher;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BGP half of the speaker end to end inside one JVM: BGPPeer, BGPAdvertisement and pool objects
 * parsed as the speaker does, the planner, the {@link BgpAnnouncer}'s real session over loopback
 * TCP to a second IronLB session playing the router, and ServiceBGPStatus written to the fabric8
 * mock API server. (Real routers: FrrInteropIT and the lab's BGP mode.)
 */
class BgpPassTest {

  private static final String NS = "ironlb-system";
  private static final String NODE = "node1";
  private MockApiServer api;
  private KubernetesClient client;
  private EventLoopGroup routerGroup;
  private BgpListener routerListener;
  private BgpSession router;
  private final Map<Prefix, List<Long>> routerRib = new ConcurrentHashMap<>();
  private final SpeakerMetrics metrics = new SpeakerMetrics();
  private BgpAnnouncer announcer;
  private boolean gracefulRestart;
  private StatusPublisher status;
  private BgpPass pass;
  private final SpeakerConfig config =
      new SpeakerConfig(new PlannerInputs(Optional.empty()), metrics);
  private PeerSessionEvents peerEvents;

  @BeforeEach
  void start() throws Exception {
    api = new MockApiServer(ServiceBGPStatus.class);
    client = api.client();
    routerGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    routerListener = bindRouter();
    status = new StatusPublisher(client, NS, NODE);
    peerEvents = new PeerSessionEvents(status, NODE);
    announcer = BgpAnnouncer.start(0, metrics, peerEvents);
    pass = new BgpPass(options(), announcer, metrics, status, peerEvents);
  }

  @AfterEach
  void stop() throws Exception {
    if (router != null) {
      router.stop();
    }
    announcer.close();
    status.close();
    routerListener.close();
    routerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    api.close();
  }

  @Test
  void announcesWithCommunitiesWritesStatusAndWithdrawsWhenTheServiceGoes() throws Exception {
    startRouter();

    run(
        snapshot(
            List.of(service("web", "198.51.100.240", "Cluster")), List.of(slice("web", "node2"))));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> routerRib.containsKey(Prefix.parse("198.51.100.240/32")));
    assertThat(routerRib.get(Prefix.parse("198.51.100.240/32")))
        .containsExactly((64513L << 16) | 100);
    assertThat(router.state()).isEqualTo(BgpState.ESTABLISHED);
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 1);
    ServiceBGPStatus st = statuses().get(0);
    assertThat(st.getStatus().getNode()).isEqualTo(NODE);
    assertThat(st.getStatus().getServiceName()).isEqualTo("web");
    assertThat(st.getStatus().getPeers()).containsExactly("router");
    assertThat(metrics.registry().scrape())
        .contains("metallb_bgp_session_up{peer=\"127.0.0.2:" + routerPort() + "\"} 1")
        .contains("metallb_bgp_announced_prefixes_total{peer=\"127.0.0.2:" + routerPort() + "\"} 1")
        .contains("protocol=\"bgp\"");

    run(snapshot(List.of(), List.of()));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !routerRib.containsKey(Prefix.parse("198.51.100.240/32")));
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses().isEmpty());
    assertThat(router.state()).isEqualTo(BgpState.ESTABLISHED);
  }

  @Test
  void localTrafficPolicyAnnouncesOnlyWithALocalEndpoint() throws Exception {
    startRouter();
    Service web = service("web", "198.51.100.241", "Local");

    run(snapshot(List.of(web), List.of(slice("web", NODE))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> routerRib.containsKey(Prefix.parse("198.51.100.241/32")));

    run(snapshot(List.of(web), List.of(slice("web", "node2"))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !routerRib.containsKey(Prefix.parse("198.51.100.241/32")));
    assertThat(pass.decisions().get("default/web").toString()).contains("NO_LOCAL_ENDPOINTS");
  }

  @Test
  void removingTheBgpPeerClosesTheSessionWithCease() throws Exception {
    startRouter();
    run(
        snapshot(
            List.of(service("web", "198.51.100.240", "Cluster")), List.of(slice("web", "node2"))));
    await().atMost(Duration.ofSeconds(20)).until(() -> router.state() == BgpState.ESTABLISHED);

    ClusterSnapshot noPeer =
        snapshot(
            List.of(service("web", "198.51.100.240", "Cluster")), List.of(slice("web", "node2")));
    noPeer =
        new ClusterSnapshot(
            noPeer.services(),
            noPeer.endpointSlices(),
            noPeer.nodes(),
            noPeer.namespaces(),
            noPeer.pools(),
            noPeer.l2Advertisements(),
            new ClusterSnapshot.Bgp(
                List.of(), noPeer.bgp().advertisements(), List.of(), List.of(), List.of()));
    run(noPeer);

    await().atMost(Duration.ofSeconds(20)).until(() -> router.state() != BgpState.ESTABLISHED);
    assertThat(router.reason()).containsIgnoringCase("cease");
    assertThat(announcer.states()).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "sessionEstablished".equals(e.getReason())
                                && "BGPPeer".equals(e.getInvolvedObject().getKind())));
    assertThat(metrics.registry().scrape()).doesNotContain("metallb_bgp_session_up{");
  }

  @Test
  void withGracefulRestartAStoppingSpeakerClosesWithoutNotificationSoThePeerKeepsItsRoutes()
      throws Exception {
    gracefulRestart = true;
    startRouter();
    run(
        snapshot(
            List.of(service("web", "198.51.100.240", "Cluster")), List.of(slice("web", "node2"))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> routerRib.containsKey(Prefix.parse("198.51.100.240/32")));

    announcer.close();

    await().atMost(Duration.ofSeconds(20)).until(() -> router.state() != BgpState.ESTABLISHED);
    assertThat(router.reason()).doesNotContainIgnoringCase("notification");
    assertThat(metrics.registry().scrape()).doesNotContain("metallb_bgp_session_up{");
  }

  // --- fixture ---

  private void run(ClusterSnapshot s) {
    var parsed = config.parse(s);
    pass.run(config.inputs().services(s), parsed, config.inputs().nodes(s), s);
  }

  private void startRouter() throws Exception {
    FsmConfig cfg =
        new FsmConfig(
            64512,
            OptionalLong.of(64513),
            Optional.empty(),
            (Inet4Address) InetAddress.getByName("127.0.0.2"),
            Duration.ofSeconds(9),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Set.of(AddressFamily.IPV4_UNICAST),
            false,
            Optional.empty());
    PeerEndpoint endpoint =
        new PeerEndpoint(
            "speaker",
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1), // dials fail: passive
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty());
    router =
        new BgpSession(
            cfg,
            endpoint,
            new SessionTransport(routerGroup.next(), NioSocketChannel.class),
            new EventLoopScheduler(routerGroup.next()),
            RouteSource.NONE,
            new SessionListener() {
              @Override
              public void stateChanged(String peer, BgpState from, BgpState to, String reason) {}

              @Override
              public void updateReceived(String peer, Update update) {
                update.withdrawn().forEach(routerRib::remove);
                List<Long> communities =
                    update
                        .attribute(Communities.class)
                        .map(Communities::communities)
                        .orElse(List.of());
                update.nlri().forEach(p -> routerRib.put(p, new ArrayList<>(communities)));
              }
            });
    routerListener.register(router);
    router.start();
  }

  /** BGPPeer's peerPort is 1..16384 (MetalLB's schema): a free port in that range. */
  private BgpListener bindRouter() throws Exception {
    RuntimeException last = null;
    for (int i = 0; i < 50; i++) {
      int port = 10_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(6_000);
      try {
        return BgpListener.bind(
            routerGroup,
            NioServerSocketChannel.class,
            new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  private static SpeakerOptions options() {
    return new SpeakerOptions(
        NODE,
        Optional.empty(),
        NS,
        Optional.empty(),
        false,
        Optional.empty(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        new SpeakerOptions.MembershipOptions(7947, Duration.ofMillis(100), 3, Optional.empty()),
        new SpeakerOptions.Endpoints("127.0.0.1", 0, 0),
        Optional.empty(),
        0,
        1,
        "auto");
  }

  private int routerPort() {
    return ((InetSocketAddress) routerListener.localAddress()).getPort();
  }

  private ClusterSnapshot snapshot(List<Service> services, List<EndpointSlice> slices) {
    IPAddressPool pool = new IPAddressPool();
    pool.setMetadata(meta("lab-pool"));
    IPAddressPoolSpec ps = new IPAddressPoolSpec();
    ps.setAddresses(List.of("198.51.100.240/28"));
    pool.setSpec(ps);
    BGPPeer peer = new BGPPeer();
    peer.setMetadata(meta("router"));
    BGPPeerSpec peerSpec = new BGPPeerSpec();
    peerSpec.setMyASN(64513L);
    peerSpec.setPeerASN(64512L);
    peerSpec.setPeerAddress("127.0.0.2");
    peerSpec.setPeerPort(routerPort());
    peerSpec.setSourceAddress("127.0.0.1");
    peerSpec.setHoldTime("9s");
    peerSpec.setEnableGracefulRestart(gracefulRestart);
    peer.setSpec(peerSpec);
    BGPAdvertisement ad = new BGPAdvertisement();
    ad.setMetadata(meta("lab-bgp"));
    BGPAdvertisementSpec as = new BGPAdvertisementSpec();
    as.setIpAddressPools(List.of("lab-pool"));
    as.setCommunities(List.of("64513:100"));
    ad.setSpec(as);
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(NODE)
            .endMetadata()
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress("127.0.0.1")
            .endAddress()
            .endStatus()
            .build();
    return new ClusterSnapshot(
        services,
        slices,
        List.of(node),
        List.of(),
        List.of(pool),
        List.of(),
        new ClusterSnapshot.Bgp(List.of(peer), List.of(ad), List.of(), List.of(), List.of()));
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(NS).withGeneration(1L).build();
  }

  private static Service service(String name, String ip, String policy) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withExternalTrafficPolicy(policy)
        .endSpec()
        .withNewStatus()
        .withNewLoadBalancer()
        .addNewIngress()
        .withIp(ip)
        .endIngress()
        .endLoadBalancer()
        .endStatus()
        .build();
  }

  private static EndpointSlice slice(String service, String node) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(service + "-x")
        .withNamespace("default")
        .withLabels(Map.of("kubernetes.io/service-name", service))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses("10.0.0.1")
        .withNodeName(node)
        .withNewConditions()
        .withReady(true)
        .endConditions()
        .endEndpoint()
        .build();
  }

  private List<ServiceBGPStatus> statuses() {
    return client.resources(ServiceBGPStatus.class).inNamespace(NS).list().getItems();
  }
}
