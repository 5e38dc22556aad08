package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.FAST_CHECKS;
import static io.ironlb.speaker.forwarder.Fixture.connect;
import static io.ironlb.speaker.forwarder.Fixture.eventually;
import static io.ironlb.speaker.forwarder.Fixture.roundTrip;
import static io.ironlb.speaker.forwarder.Fixture.stats;
import static io.ironlb.speaker.forwarder.Fixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
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
 * Spreading over several NodePorts, health checks, and failing over from a dead target; on io_uring
 * (connections are Netty channels) and epoll (bare sockets, {@link EpollConnection}).
 */
@ParameterizedClass
@ValueSource(strings = {"io_uring", "epoll"})
class ForwarderTargetsTest {

  @Parameter String transport;

  private static final String SVC = "default/web";

  private final Backends backends = new Backends();
  private final List<String> healthEvents = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new ArrayList<>();
  private NodePortForwarder forwarder;
  private InetSocketAddress vip;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(
        !transport.equals("io_uring") || IoUring.isAvailable(),
        "io_uring is not available on this host");
    forwarder =
        NodePortForwarder.start(
            NettyTransport.select(transport),
            2,
            (service, target, healthy, reason) ->
                healthEvents.add(service + " " + target.getPort() + " " + healthy));
    vip = Fixture.freeTcp();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : clients) {
      s.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
    backends.close();
  }

  private void forward(TargetPolicy policy, HealthCheckSettings checks, InetSocketAddress... to) {
    Fixture.applyOne(
        forwarder,
        Fixture.service(
            SVC, policy, ProxyProtocol.NONE, List.of(), ForwarderLimits.DEFAULT, tcp(vip, to)),
        checks);
  }

  private Socket openAndUse() throws IOException {
    Socket s = connect(vip);
    clients.add(s);
    assertThat(roundTrip(s, "ping")).isEqualTo("ping");
    return s;
  }

  @Test
  void roundRobinSpreadsConnectionsEvenly() throws IOException {
    Backends.Backend a = backends.echo();
    Backends.Backend b = backends.echo();
    Backends.Backend c = backends.echo();
    forward(
        TargetPolicy.ROUND_ROBIN,
        HealthCheckSettings.DEFAULT,
        a.address(),
        b.address(),
        c.address());

    for (int i = 0; i < 6; i++) {
      openAndUse();
    }

    assertThat(List.of(a.served().get(), b.served().get(), c.served().get()))
        .containsExactly(2, 2, 2);
  }

  @Test
  void leastConnectionsSendsANewConnectionToTheLessBusyTarget() throws IOException {
    Backends.Backend a = backends.echo();
    Backends.Backend b = backends.echo();
    forward(TargetPolicy.LEAST_CONNECTIONS, HealthCheckSettings.DEFAULT, a.address(), b.address());

    Socket first = openAndUse();
    Backends.Backend firstOn = a.served().get() == 1 ? a : b;
    Backends.Backend other = firstOn == a ? b : a;
    openAndUse();
    assertThat(other.served().get()).isEqualTo(1); // 1 open vs 0 open

    first.close();
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 1);
    openAndUse();
    assertThat(firstOn.served().get()).isEqualTo(2); // 0 open vs 1 open
  }

  @Test
  void aTargetKilledMidTrafficIsMarkedDownAndNewConnectionsGoElsewhere() throws IOException {
    Backends.Backend a = backends.echo();
    Backends.Backend b = backends.echo();
    forward(TargetPolicy.ROUND_ROBIN, FAST_CHECKS, a.address(), b.address());
    Socket onA = null;
    for (int i = 0; i < 2; i++) {
      Socket s = openAndUse();
      if (a.served().get() == 1 && onA == null) {
        onA = s;
      }
    }

    a.kill();

    assertThat(Fixture.endedByPeer(onA)).isTrue(); // its connections end with it
    eventually().until(() -> healthEvents.contains(SVC + " " + a.address().getPort() + " false"));
    assertThat(stats(forwarder, SVC).targets())
        .filteredOn(t -> t.target().equals(a.address()))
        .singleElement()
        .satisfies(t -> assertThat(t.healthy()).isFalse());
    int before = b.served().get();
    for (int i = 0; i < 4; i++) {
      openAndUse();
    }
    assertThat(b.served().get()).isEqualTo(before + 4);
  }

  @Test
  void aTargetThatComesBackIsHealthyAgainAfterRiseChecks() throws IOException {
    Backends.Backend a = backends.echo();
    int port = a.address().getPort();
    forward(TargetPolicy.LOCAL, FAST_CHECKS, a.address());
    a.kill();
    eventually().until(() -> healthEvents.contains(SVC + " " + port + " false"));
    assertThat(Fixture.refused(vip)).isTrue();

    Backends.Backend back = backends.echoOn(port);

    eventually().until(() -> healthEvents.contains(SVC + " " + port + " true"));
    openAndUse();
    assertThat(back.served().get()).isEqualTo(1);
  }

  @Test
  void aConnectThatFailsTriesTheNextTargetAndCountsTheFailure() throws IOException {
    InetSocketAddress dead = Fixture.freeTcp(); // nothing listens there
    Backends.Backend b = backends.echo();
    forward(TargetPolicy.LOCAL, HealthCheckSettings.DEFAULT, dead, b.address());

    openAndUse();

    assertThat(b.served().get()).isEqualTo(1);
    assertThat(stats(forwarder, SVC).targets())
        .filteredOn(t -> t.target().equals(dead))
        .singleElement()
        .satisfies(t -> assertThat(t.connectFailures()).isEqualTo(1));
  }

  @Test
  void withEveryTargetDownConnectionsAreRefusedAndCounted() throws IOException {
    InetSocketAddress dead = Fixture.freeTcp();
    forward(TargetPolicy.LOCAL, FAST_CHECKS, dead);
    eventually().until(() -> !stats(forwarder, SVC).targets().get(0).healthy());

    assertThat(Fixture.refused(vip)).isTrue();
    assertThat(stats(forwarder, SVC).refusedNoTarget()).isEqualTo(1);
  }
}
