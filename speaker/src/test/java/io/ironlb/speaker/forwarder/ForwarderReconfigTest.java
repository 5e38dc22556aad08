package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.connect;
import static io.ironlb.speaker.forwarder.Fixture.endedByPeer;
import static io.ironlb.speaker.forwarder.Fixture.roundTrip;
import static io.ironlb.speaker.forwarder.Fixture.simple;
import static io.ironlb.speaker.forwarder.Fixture.tcp;
import static io.ironlb.speaker.forwarder.Fixture.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Applying whole configurations: only what changed is touched. On io_uring (Netty channels) and
 * epoll (bare sockets: {@link EpollAcceptor}, {@link EpollConnection}).
 */
@ParameterizedClass
@ValueSource(strings = {"io_uring", "epoll"})
class ForwarderReconfigTest {

  @Parameter String transport;

  private final Backends backends = new Backends();
  private final List<Socket> clients = new ArrayList<>();
  private NodePortForwarder forwarder;
  private Backends.Backend echo;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(
        !transport.equals("io_uring") || IoUring.isAvailable(),
        "io_uring is not available on this host");
    forwarder =
        NodePortForwarder.start(NettyTransport.select(transport), 2, TargetHealthListener.NONE);
    echo = backends.echo();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : clients) {
      s.close();
    }
    forwarder.close();
    backends.close();
  }

  private Socket client(InetSocketAddress to) throws IOException {
    Socket s = connect(to);
    clients.add(s);
    return s;
  }

  @Test
  void addingAPortKeepsTheOpenConnectionOnTheOtherPort() throws IOException {
    InetSocketAddress http = Fixture.freeTcp();
    InetSocketAddress https = Fixture.freeTcp();
    forwarder.apply(ForwarderConfig.of(List.of(simple("default/web", tcp(http, echo.address())))));
    Socket open = client(http);
    assertThat(roundTrip(open, "before")).isEqualTo("before");

    ApplyResult r =
        forwarder.apply(
            ForwarderConfig.of(
                List.of(
                    simple("default/web", tcp(http, echo.address()), tcp(https, echo.address())))));

    assertThat(r).isEqualTo(new ApplyResult(1, 0, 0, List.of()));
    assertThat(roundTrip(open, "after")).isEqualTo("after");
    assertThat(roundTrip(client(https), "new port")).isEqualTo("new port");
  }

  @Test
  void applyingTheSameConfigurationAgainChangesNothing() throws IOException {
    ForwarderConfig config =
        ForwarderConfig.of(
            List.of(
                simple("default/web", tcp(Fixture.freeTcp(), echo.address())),
                simple("default/dns", udp(Fixture.freeUdp(), echo.address()))));
    assertThat(forwarder.apply(config).opened()).isEqualTo(2);

    assertThat(forwarder.apply(config).unchanged()).isTrue();
  }

  @Test
  void removingAServiceClosesItsConnectionsAndLeavesTheOthersAlone() throws IOException {
    InetSocketAddress gone = Fixture.freeTcp();
    InetSocketAddress stays = Fixture.freeTcp();
    ServiceForwarding web = simple("default/web", tcp(stays, echo.address()));
    forwarder.apply(
        ForwarderConfig.of(List.of(simple("default/old", tcp(gone, echo.address())), web)));
    Socket onGone = client(gone);
    Socket onStays = client(stays);
    assertThat(roundTrip(onGone, "x")).isEqualTo("x");
    assertThat(roundTrip(onStays, "y")).isEqualTo("y");

    ApplyResult r = forwarder.apply(ForwarderConfig.of(List.of(web)));

    assertThat(r).isEqualTo(new ApplyResult(0, 0, 1, List.of()));
    assertThat(endedByPeer(onGone)).isTrue();
    assertThat(roundTrip(onStays, "still here")).isEqualTo("still here");
    assertThat(forwarder.services())
        .extracting(ServiceStats::service)
        .containsExactly("default/web");
  }

  @Test
  void newTargetsApplyToNewConnectionsWhileOpenOnesKeepTheirs() throws IOException {
    Backends.Backend next = backends.echo();
    InetSocketAddress vip = Fixture.freeTcp();
    forwarder.apply(ForwarderConfig.of(List.of(simple("default/web", tcp(vip, echo.address())))));
    Socket old = client(vip);
    assertThat(roundTrip(old, "a")).isEqualTo("a");

    ApplyResult r =
        forwarder.apply(
            ForwarderConfig.of(List.of(simple("default/web", tcp(vip, next.address())))));

    assertThat(r.updated()).isEqualTo(1);
    assertThat(roundTrip(old, "b")).isEqualTo("b");
    assertThat(echo.served().get()).isEqualTo(1);
    assertThat(roundTrip(client(vip), "c")).isEqualTo("c");
    assertThat(next.served().get()).isEqualTo(1);
  }

  @Test
  void aListenerThatCannotBindIsReportedAndTriedAgainByTheNextApply() throws IOException {
    InetSocketAddress vip;
    ForwarderConfig config;
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(Backends.LOOPBACK))) {
      vip = new InetSocketAddress(Backends.LOOPBACK, squatter.getLocalPort());
      config = ForwarderConfig.of(List.of(simple("default/web", tcp(vip, echo.address()))));

      ApplyResult failed = forwarder.apply(config);

      assertThat(failed.failures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.service()).isEqualTo("default/web");
                assertThat(f.reason()).contains("Address already in use");
              });
    }
    assertThat(forwarder.apply(config).opened()).isEqualTo(1);
    assertThat(roundTrip(client(vip), "bound")).isEqualTo("bound");
  }

  @Test
  void oneAddressCannotBelongToTwoServices() {
    InetSocketAddress vip = new InetSocketAddress(Backends.LOOPBACK, 8080);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ForwarderConfig.of(
                    List.of(
                        simple("default/a", tcp(vip, echo.address())),
                        simple("default/b", tcp(vip, echo.address())))))
        .withMessageContaining("belongs to both default/a and default/b");
  }
}
