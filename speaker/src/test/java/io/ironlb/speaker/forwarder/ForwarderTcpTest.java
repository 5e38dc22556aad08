package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.connect;
import static io.ironlb.speaker.forwarder.Fixture.endedByPeer;
import static io.ironlb.speaker.forwarder.Fixture.eventually;
import static io.ironlb.speaker.forwarder.Fixture.roundTrip;
import static io.ironlb.speaker.forwarder.Fixture.stats;
import static io.ironlb.speaker.forwarder.Fixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
import io.netty.channel.IoEventLoop;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TCP through the forwarder on loopback: relay, half-close, backpressure, idle, limits, ranges; on
 * io_uring (the default where the kernel allows it) and on epoll (where a seccomp profile forbids
 * io_uring, as container runtimes' default profiles do).
 */
@ParameterizedClass
@ValueSource(strings = {"io_uring", "epoll"})
class ForwarderTcpTest {

  @Parameter String transport;

  private static final String SVC = "default/web";

  private final Backends backends = new Backends();
  private final List<Socket> clients = new ArrayList<>();
  private NodePortForwarder forwarder;
  private InetSocketAddress vip;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(
        !transport.equals("io_uring") || IoUring.isAvailable(),
        "io_uring is not available on this host");
    forwarder =
        NodePortForwarder.start(NettyTransport.select(transport), 2, TargetHealthListener.NONE);
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

  private Socket client() throws IOException {
    Socket s = connect(vip);
    clients.add(s);
    return s;
  }

  private void forward(ForwarderLimits limits, List<Cidr> ranges, InetSocketAddress target) {
    forward(vip, limits, ranges, target);
  }

  private void forward(
      InetSocketAddress listen,
      ForwarderLimits limits,
      List<Cidr> ranges,
      InetSocketAddress target) {
    Fixture.applyOne(
        forwarder,
        Fixture.service(
            SVC, TargetPolicy.LOCAL, ProxyProtocol.NONE, ranges, limits, tcp(listen, target)),
        HealthCheckSettings.DEFAULT);
  }

  private static ForwarderLimits idle(Duration d) {
    ForwarderLimits l = ForwarderLimits.DEFAULT;
    return new ForwarderLimits(
        l.maxConnections(), l.maxFlows(), d, l.udpIdleTimeout(), l.connectTimeout());
  }

  @Test
  void bytesGoToTheNodePortAndBackAndAreCounted() throws IOException {
    forward(ForwarderLimits.DEFAULT, List.of(), backends.echo().address());
    Socket s = client();

    assertThat(roundTrip(s, "hello")).isEqualTo("hello");
    ServiceStats st = stats(forwarder, SVC);
    assertThat(st.activeConnections()).isEqualTo(1);
    assertThat(st.bytesIn()).isEqualTo(5);
    eventually().until(() -> stats(forwarder, SVC).bytesOut() == 5);
    assertThat(st.targets()).singleElement().satisfies(t -> assertThat(t.active()).isEqualTo(1));

    s.close();
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
    eventually().until(() -> stats(forwarder, SVC).targets().get(0).active() == 0);
  }

  @Test
  void theClientsFinReachesTheTargetAndItsReplyStillComesBack() throws IOException {
    forward(ForwarderLimits.DEFAULT, List.of(), backends.echo().address());
    Socket s = client();

    s.getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
    s.shutdownOutput(); // half-close: we are done sending, still listening

    byte[] reply = s.getInputStream().readAllBytes(); // ends at the target's FIN, relayed
    assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("last words");
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
  }

  @Test
  void theTargetsFinReachesTheClientWhoseBytesStillReachTheTarget() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> heard =
          CompletableFuture.supplyAsync(
              () -> {
                // health checks connect too: the relayed connection is the one that says something
                for (int i = 0; i < 20; i++) {
                  try (Socket c = target.accept()) {
                    c.setSoTimeout(10_000);
                    c.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
                    c.shutdownOutput(); // done talking, still listening
                    String got =
                        new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!got.isEmpty()) {
                      return got;
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
                return "";
              });
      forward(
          ForwarderLimits.DEFAULT, List.of(), (InetSocketAddress) target.getLocalSocketAddress());
      Socket s = client();

      byte[] first = s.getInputStream().readAllBytes(); // ends at the target's FIN, relayed
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("bye");
      s.getOutputStream().write("still here".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();

      assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("still here");
      eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
    }
  }

  @Test
  void whatTheClientSendsBeforeTheTargetAnswersArrivesWholeAndInOrderThenItsFin() throws Exception {
    byte[] payload = new byte[1024 * 1024]; // 16 times the relay's high water mark
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + (i >> 10));
    }
    try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // a full accept queue drops SYNs: the forwarder's connect waits for its retransmission
      // (about a second) while the client sends everything and its FIN
      List<SocketChannel> fillers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SocketChannel f = SocketChannel.open();
        f.configureBlocking(false);
        f.connect(target.getLocalSocketAddress());
        fillers.add(f);
      }
      forward(
          ForwarderLimits.DEFAULT, List.of(), (InetSocketAddress) target.getLocalSocketAddress());
      Socket s = client();
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  s.getOutputStream().write(payload); // blocks once the forwarder stops reading
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      Thread.sleep(300); // not a bound: lets the client's bytes reach the forwarder first
      assertThat(stats(forwarder, SVC).bytesIn()).isZero(); // nothing relayed yet
      for (SocketChannel f : fillers) {
        f.close();
      }
      byte[] got = new byte[0];
      for (int i = 0; i < 20 && got.length == 0; i++) { // health checks connect too
        try (Socket c = target.accept()) {
          c.setSoTimeout(10_000);
          got = c.getInputStream().readAllBytes(); // up to the client's FIN, relayed
          if (got.length > 0) {
            c.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      sent.get(10, TimeUnit.SECONDS);
      assertThat(got).hasSize(payload.length).isEqualTo(payload);
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("ok");
      eventually().until(() -> stats(forwarder, SVC).bytesIn() == payload.length);
    }
  }

  @Test
  void aClientThatNeverReadsStopsTheRelayFromReadingTheTarget() throws IOException {
    Backends.Backend flood = backends.flood();
    forward(ForwarderLimits.DEFAULT, List.of(), flood.address());
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(vip);
    clients.add(s); // and never read from it

    Fixture.untilStalled(flood.bytesWritten()::get, () -> false); // the target can write no more
    // what is in flight is bounded by socket buffers and the relay's water mark, not by the flood
    assertThat(flood.bytesWritten().get()).isLessThan(32L * 1024 * 1024);
    long relayed = stats(forwarder, SVC).bytesOut();
    assertThat(relayed).isLessThanOrEqualTo(flood.bytesWritten().get());
  }

  @Test
  void anIdleConnectionIsClosedAndCounted() throws IOException {
    forward(idle(Duration.ofMillis(200)), List.of(), backends.echo().address());
    Socket s = client();
    assertThat(roundTrip(s, "x")).isEqualTo("x");

    assertThat(endedByPeer(s)).isTrue(); // blocks until the forwarder ends it
    eventually().until(() -> stats(forwarder, SVC).idleClosed() == 1);
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
  }

  @Test
  void slowlorisAndHalfOpenConnectionsToAStalledNodePortEndAtTheIdleTimeout() throws IOException {
    Backends.Backend stalled = backends.stall();
    forward(idle(Duration.ofMillis(300)), List.of(), stalled.address());
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Socket s = client();
      s.getOutputStream().write('G'); // a request that never completes
      slow.add(s);
    }
    eventually().until(() -> stalled.accepted().get() >= 5); // health checks may add to it

    for (Socket s : slow) {
      assertThat(endedByPeer(s)).isTrue();
    }
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
    // the upstream side is closed too
    eventually().until(() -> stats(forwarder, SVC).targets().get(0).active() == 0);
    assertThat(stats(forwarder, SVC).idleClosed()).isEqualTo(5);
  }

  @Test
  void connectionsBeyondTheLimitAreResetAndCountedWhileOthersKeepWorking() throws IOException {
    ForwarderLimits l = ForwarderLimits.DEFAULT;
    forward(
        new ForwarderLimits(
            2, l.maxFlows(), l.idleTimeout(), l.udpIdleTimeout(), l.connectTimeout()),
        List.of(),
        backends.echo().address());
    Socket a = client();
    Socket b = client();
    assertThat(roundTrip(a, "a")).isEqualTo("a");
    assertThat(roundTrip(b, "b")).isEqualTo("b");

    assertThat(Fixture.refused(vip)).isTrue();
    assertThat(stats(forwarder, SVC).refusedByLimit()).isEqualTo(1);
    assertThat(roundTrip(a, "still")).isEqualTo("still");

    a.close();
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 1);
    assertThat(roundTrip(client(), "room again")).isEqualTo("room again");
  }

  @Test
  void onEpollBothSidesAreBareSocketsOnIoUringNettyChannels() throws IOException {
    forward(ForwarderLimits.DEFAULT, List.of(), backends.echo().address());
    assertThat(roundTrip(client(), "which relay")).isEqualTo("which relay");
    assertThat(forwarder.relays())
        .containsExactly(transport.equals("epoll") ? "EpollConnection" : "RelayHandler");
  }

  @Test
  void connectionsGoToTheWorkerLoopCarryingTheFewest() throws IOException {
    forward(ForwarderLimits.DEFAULT, List.of(), backends.echo().address());
    for (int i = 0; i < 4; i++) {
      assertThat(roundTrip(client(), "c" + i)).isEqualTo("c" + i);
    }
    // whichever loop accepts (io_uring: the listener's; epoll: one that is free): 1st stays
    // (0 = 0), 2nd to the other (1 > 0), 3rd stays (1 = 1), 4th to the other
    assertThat(forwarder.connectionsPerLoop()).containsExactly(2, 2);

    clients.remove(0).close();
    clients.remove(0).close();
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 2);
    assertThat(forwarder.connectionsPerLoop()).containsExactly(1, 1);
  }

  @Test
  void sourcesOutsideLoadBalancerSourceRangesAreRefused() throws IOException {
    Backends.Backend echo = backends.echo();
    forward(ForwarderLimits.DEFAULT, List.of(Cidr.parse("10.0.0.0/8")), echo.address());

    assertThat(Fixture.refused(vip)).isTrue();
    assertThat(stats(forwarder, SVC).refusedBySourceRange()).isEqualTo(1);
    assertThat(echo.served().get()).isZero();

    forward(ForwarderLimits.DEFAULT, List.of(Cidr.parse("127.0.0.0/8")), echo.address());
    assertThat(roundTrip(client(), "admitted")).isEqualTo("admitted");
  }

  @Test
  void anIpv6VipRelaysToAnIpv4NodePortAndAdmitsByIpv6SourceRanges() throws IOException {
    InetSocketAddress vip6;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      vip6 = new InetSocketAddress(InetAddress.getByName("::1"), free.getLocalPort());
    }
    Backends.Backend echo = backends.echo(); // on 127.0.0.1
    forward(vip6, ForwarderLimits.DEFAULT, List.of(Cidr.parse("fd00::/8")), echo.address());
    assertThat(Fixture.refused(vip6)).isTrue(); // ::1 is outside fd00::/8
    assertThat(stats(forwarder, SVC).refusedBySourceRange()).isEqualTo(1);

    forward(vip6, ForwarderLimits.DEFAULT, List.of(Cidr.parse("::1/128")), echo.address());
    Socket s = connect(vip6);
    clients.add(s);
    assertThat(roundTrip(s, "over six")).isEqualTo("over six");
    assertThat(stats(forwarder, SVC).bytesIn()).isEqualTo(8);
  }

  @Test
  void aServiceAtItsLimitWithAStalledNodePortLeavesAnotherServiceAlone() throws IOException {
    ForwarderLimits d = ForwarderLimits.DEFAULT;
    ForwarderLimits one =
        new ForwarderLimits(
            1, d.maxFlows(), d.idleTimeout(), d.udpIdleTimeout(), d.connectTimeout());
    InetSocketAddress other = Fixture.freeTcp();
    forwarder.apply(
        ForwarderConfig.of(
            List.of(
                Fixture.service(
                    SVC,
                    TargetPolicy.LOCAL,
                    ProxyProtocol.NONE,
                    List.of(),
                    one,
                    tcp(vip, backends.stall().address())),
                Fixture.simple("default/other", tcp(other, backends.echo().address())))));
    client().getOutputStream().write(new byte[64 * 1024]); // holds the only slot, never answered
    eventually().until(() -> stats(forwarder, SVC).activeConnections() == 1);
    assertThat(Fixture.refused(vip)).isTrue();

    Socket s = connect(other);
    clients.add(s);
    assertThat(roundTrip(s, "unaffected")).isEqualTo("unaffected");
    ServiceStats otherStats = stats(forwarder, "default/other");
    assertThat(otherStats.refusedByLimit()).isZero();
    assertThat(otherStats.activeConnections()).isEqualTo(1);
    assertThat(stats(forwarder, SVC).refusedByLimit()).isEqualTo(1);
  }

  @Test
  void onEpollANewConnectionIsServedWhileAnyOneWorkerLoopIsHeldUp() throws Exception {
    Assumptions.assumeTrue(transport.equals("epoll"), "io_uring accepts on one loop");
    forward(ForwarderLimits.DEFAULT, List.of(), backends.echo().address());
    for (IoEventLoop held : forwarder.loops()) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch holding = new CountDownLatch(1);
      held.execute(
          () -> {
            holding.countDown();
            try {
              release.await(30, TimeUnit.SECONDS); // a loop the scheduler has set aside
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      try {
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        // both loops carry none: the free loop accepts it and keeps it
        try (Socket s = connect(vip)) {
          assertThat(roundTrip(s, "while held")).isEqualTo("while held");
        }
      } finally {
        release.countDown();
      }
      eventually().until(() -> stats(forwarder, SVC).activeConnections() == 0);
    }
  }

  @Test
  void theNioTransportRelaysToo() throws IOException {
    try (NodePortForwarder nio =
        NodePortForwarder.start(NettyTransport.nio(), 1, TargetHealthListener.NONE)) {
      InetSocketAddress listen = Fixture.freeTcp();
      nio.apply(
          ForwarderConfig.of(List.of(Fixture.simple(SVC, tcp(listen, backends.echo().address())))));
      try (Socket s = connect(listen)) {
        assertThat(roundTrip(s, "nio")).isEqualTo("nio");
      }
    }
  }
}
