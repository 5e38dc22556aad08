package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.eventually;
import static io.ironlb.speaker.forwarder.Fixture.stats;
import static io.ironlb.speaker.forwarder.Fixture.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UDP through the forwarder: flows, replies from the VIP, the flow bound, idle expiry and the
 * targets' passive health; on io_uring and on epoll.
 */
@ParameterizedClass
@ValueSource(strings = {"io_uring", "epoll"})
class ForwarderUdpTest {

  @Parameter String transport;

  private static final String SVC = "default/dns";

  private final Backends backends = new Backends();
  private final List<InetSocketAddress> heardFrom = new CopyOnWriteArrayList<>();
  private final List<DatagramSocket> clients = new ArrayList<>();
  private final List<String> healthEvents = new CopyOnWriteArrayList<>();
  private NodePortForwarder forwarder;
  private InetSocketAddress vip;
  private InetSocketAddress target;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(
        !transport.equals("io_uring") || IoUring.isAvailable(),
        "io_uring is not available on this host");
    forwarder =
        NodePortForwarder.start(
            NettyTransport.select(transport),
            1,
            (service, t, healthy, reason) ->
                healthEvents.add(service + " " + t.getPort() + " " + healthy + " " + reason));
    vip = Fixture.freeUdp();
    target = (InetSocketAddress) backends.udpEcho(heardFrom).localAddress();
  }

  @AfterEach
  void stop() {
    clients.forEach(DatagramSocket::close);
    if (forwarder != null) {
      forwarder.close();
    }
    backends.close();
  }

  private void forward(int maxFlows, Duration idle, List<Cidr> ranges) {
    ForwarderLimits d = ForwarderLimits.DEFAULT;
    ForwarderLimits limits =
        new ForwarderLimits(
            d.maxConnections(), maxFlows, d.idleTimeout(), idle, d.connectTimeout());
    forwarder.apply(
        ForwarderConfig.of(
            List.of(
                Fixture.service(
                    SVC,
                    TargetPolicy.LOCAL,
                    ProxyProtocol.NONE,
                    ranges,
                    limits,
                    udp(vip, target)))));
  }

  private DatagramSocket client() throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(Backends.LOOPBACK, 0));
    s.setSoTimeout(10_000);
    clients.add(s);
    return s;
  }

  private static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(b, b.length, to));
  }

  private static DatagramPacket receive(DatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
    s.receive(p);
    return p;
  }

  @Test
  void aDatagramReachesTheNodePortAndTheReplyComesFromTheVip() throws IOException {
    forward(10, Duration.ofSeconds(30), List.of());
    DatagramSocket c = client();

    send(c, vip, "query");
    DatagramPacket reply = receive(c);

    assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
        .isEqualTo("query");
    assertThat(reply.getSocketAddress()).isEqualTo(vip);
    ServiceStats st = stats(forwarder, SVC);
    assertThat(st.activeFlows()).isEqualTo(1);
    assertThat(st.bytesIn()).isEqualTo(5);
    eventually().until(() -> stats(forwarder, SVC).bytesOut() == 5);
  }

  @Test
  void theFlowTableIsBoundedAndFurtherClientsAreCounted() throws IOException {
    forward(2, Duration.ofSeconds(30), List.of());
    for (int i = 0; i < 5; i++) {
      send(client(), vip, "c" + i);
    }

    eventually().until(() -> stats(forwarder, SVC).refusedByLimit() == 3);
    assertThat(stats(forwarder, SVC).activeFlows()).isEqualTo(2);
    eventually().until(() -> new HashSet<>(heardFrom).size() == 2);
  }

  @Test
  void anIdleFlowIsForgottenAndTheClientGetsAFreshOne() throws IOException {
    forward(10, Duration.ofMillis(200), List.of());
    DatagramSocket c = client();
    send(c, vip, "one");
    receive(c);

    eventually().until(() -> stats(forwarder, SVC).activeFlows() == 0);
    send(c, vip, "two");
    receive(c);

    // each flow had its own upstream socket, so the NodePort heard from two source ports
    assertThat(new HashSet<>(heardFrom)).hasSize(2);
    assertThat(stats(forwarder, SVC).targets().get(0).active()).isEqualTo(1);
  }

  @Test
  void datagramsFromOutsideTheSourceRangesAreDropped() throws IOException {
    forward(10, Duration.ofSeconds(30), List.of(Cidr.parse("203.0.113.0/24")));
    send(client(), vip, "spoofed?");

    eventually().until(() -> stats(forwarder, SVC).refusedBySourceRange() == 1);
    assertThat(stats(forwarder, SVC).activeFlows()).isZero();
    assertThat(heardFrom).isEmpty();
  }

  /**
   * One live and one dead NodePort (nothing bound: the kernel answers ICMP port unreachable). Flows
   * sent to the dead one fail and end; after {@code fall} such failures it is down and new flows
   * all go to the live one; once something serves the port again, probation lets flows try it and
   * {@code rise} replies make it healthy.
   */
  @Test
  void aNodePortAnsweringPortUnreachableGetsNoNewFlowsUntilItRepliesAgain() throws IOException {
    InetSocketAddress dead = Fixture.freeUdp();
    // a long interval first: no probation while the test shows the target stays out
    apply(dead, new HealthCheckSettings(Duration.ofSeconds(60), Duration.ofMillis(200), 2, 2));

    for (int i = 0; i < 20; i++) {
      send(client(), vip, "probe" + i); // round robin: every other new flow goes to the dead port
    }
    eventually()
        .until(
            () ->
                healthEvents.stream()
                    .anyMatch(
                        e -> e.startsWith(SVC + " " + dead.getPort() + " false port unreachable")));
    assertThat(down(dead)).isTrue();
    eventually().until(() -> deadTarget(dead).active() == 0); // its flows ended

    for (int i = 0; i < 10; i++) {
      DatagramSocket c = client();
      send(c, vip, "after" + i);
      assertThat(text(receive(c))).isEqualTo("after" + i); // first try: none went to the dead port
    }
    assertThat(deadTarget(dead).active()).isZero();
    assertThat(deadTarget(dead).bytesFromTarget()).isZero();

    List<InetSocketAddress> revivedHeard = new CopyOnWriteArrayList<>();
    backends.udpEchoOn(dead.getPort(), revivedHeard);
    apply(dead, Fixture.FAST_CHECKS); // probation every 50 ms from now on
    // a new client each poll (at most one per poll interval): every one is answered, and the
    // flows probation sends to the revived port bring it back
    eventually()
        .until(
            () -> {
              DatagramSocket c = client();
              send(c, vip, "again");
              assertThat(text(receive(c))).isEqualTo("again");
              return deadTarget(dead).healthy();
            });
    assertThat(revivedHeard).isNotEmpty();
    eventually()
        .until(() -> healthEvents.contains(SVC + " " + dead.getPort() + " true a reply came back"));
  }

  private void apply(InetSocketAddress dead, HealthCheckSettings checks) {
    Fixture.applyOne(
        forwarder,
        Fixture.service(
            SVC,
            TargetPolicy.ROUND_ROBIN,
            ProxyProtocol.NONE,
            List.of(),
            ForwarderLimits.DEFAULT,
            udp(vip, target, dead)),
        checks);
  }

  private boolean down(InetSocketAddress dead) {
    return !deadTarget(dead).healthy();
  }

  private TargetStats deadTarget(InetSocketAddress dead) {
    return stats(forwarder, SVC).targets().stream()
        .filter(t -> t.target().equals(dead))
        .findFirst()
        .orElseThrow();
  }

  private static String text(DatagramPacket p) {
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }
}
