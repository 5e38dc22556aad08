package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.eventually;
import static io.ironlb.speaker.forwarder.Fixture.stats;
import static io.ironlb.speaker.forwarder.Fixture.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UDP through the forwarder: flows, replies from the VIP, the flow bound and idle expiry. */
class ForwarderUdpTest {

  private static final String SVC = "default/dns";

  private final Backends backends = new Backends();
  private final List<InetSocketAddress> heardFrom = new CopyOnWriteArrayList<>();
  private final List<DatagramSocket> clients = new ArrayList<>();
  private NodePortForwarder forwarder;
  private InetSocketAddress vip;
  private InetSocketAddress target;

  @BeforeEach
  void start() throws IOException {
    forwarder = NodePortForwarder.start(1, TargetHealthListener.NONE);
    vip = Fixture.freeUdp();
    target = (InetSocketAddress) backends.udpEcho(heardFrom).localAddress();
  }

  @AfterEach
  void stop() {
    clients.forEach(DatagramSocket::close);
    forwarder.close();
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
}
