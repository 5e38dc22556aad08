package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ironlb.core.config.BgpPeerConfig;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP MD5 is never skipped: without epoll the session refuses to start; passwords stay hidden. */
class TransportOptionsTest {

  static final String SECRET = "s3cr3t-md5";

  private final EventLoopGroup group = new DefaultEventLoopGroup(1);

  @AfterEach
  void tearDown() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void sessionWithPasswordRefusesToStartWithoutEpoll() {
    List<String> refusals = new CopyOnWriteArrayList<>();
    SessionListener listener =
        new SessionListener() {
          @Override
          public void stateChanged(String peer, BgpState from, BgpState to, String reason) {}

          @Override
          public void refused(String peer, String reason) {
            refusals.add(reason);
          }
        };
    FakeScheduler clock = new FakeScheduler();
    BgpSession s =
        new BgpSession(
            Fixtures.config(),
            withPassword(),
            new SessionTransport(group.next(), LocalChannel.class),
            clock,
            RouteSource.NONE,
            listener);
    s.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !refusals.isEmpty());
    assertThat(s.state()).isEqualTo(BgpState.IDLE);
    assertThat(s.reason()).contains("TCP MD5").contains("LocalChannel").doesNotContain(SECRET);
    assertThat(clock.pending()).isEmpty(); // no dial, no timer
  }

  @Test
  void listenerWithoutEpollRefusesPeersWithAPassword() throws Exception {
    try (BgpListener l =
        BgpListener.bind(group, LocalServerChannel.class, new LocalAddress("md5"))) {
      BgpSession s =
          new BgpSession(
              Fixtures.config(),
              withPassword(),
              new SessionTransport(group.next(), LocalChannel.class),
              new FakeScheduler(),
              RouteSource.NONE,
              SessionListener.NONE);
      assertThat(l.register(s)).isFalse();
    }
  }

  @Test
  void endpointNeverShowsThePassword() {
    assertThat(withPassword().toString()).doesNotContain(SECRET).contains("password=set");
  }

  @Test
  void onlyEpollChannelsCanCarryMd5() {
    assertThat(TransportOptions.epoll(io.netty.channel.epoll.EpollSocketChannel.class)).isTrue();
    assertThat(TransportOptions.epoll(io.netty.channel.socket.nio.NioSocketChannel.class))
        .isFalse();
    assertThat(
            TransportOptions.problem(
                withPassword(), io.netty.channel.epoll.EpollSocketChannel.class))
        .isEmpty();
  }

  private static PeerEndpoint withPassword() {
    return new PeerEndpoint(
        "192.0.2.2:179",
        new InetSocketAddress(ipv4("192.0.2.2"), 179),
        Optional.empty(),
        Optional.empty(),
        Optional.of(new BgpPeerConfig.Password(SECRET, Optional.empty())),
        1,
        Duration.ofSeconds(10),
        Optional.empty(),
        Optional.empty());
  }
}
