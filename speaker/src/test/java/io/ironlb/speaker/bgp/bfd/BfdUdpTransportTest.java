package io.ironlb.speaker.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two transports on loopback, ephemeral ports, real time (bounded by Awaitility). */
class BfdUdpTransportTest {

  static final BfdTimers FAST = new BfdTimers(50, 50, 3, false, 254);

  final InetAddress addressA = address("127.0.0.1");
  final InetAddress addressB = address("127.0.0.2");
  final List<RecordingListener.Change> bEvents = new CopyOnWriteArrayList<>();
  BfdUdpTransport a;
  BfdUdpTransport b;

  @AfterEach
  void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  void startPair() throws InterruptedException {
    a = BfdUdpTransport.start(BfdHopMode.SINGLE_HOP, new InetSocketAddress(addressA, 0), 255);
    b = BfdUdpTransport.start(BfdHopMode.SINGLE_HOP, new InetSocketAddress(addressB, 0), 255);
    a.addPeer(new InetSocketAddress(addressB, b.localAddress().getPort()), FAST, (f, t, w) -> {});
    b.addPeer(
        new InetSocketAddress(addressA, a.localAddress().getPort()),
        FAST,
        (f, t, w) -> bEvents.add(new RecordingListener.Change(f, t, w)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.state(addressB).orElseThrow() == BfdState.UP
                    && b.state(addressA).orElseThrow() == BfdState.UP);
  }

  @Test
  void ipv4AndIpv6WildcardTransportsShareThePort() throws Exception {
    assumeTrue(Epoll.isAvailable(), "IPV6_V6ONLY is set through epoll");
    a =
        BfdUdpTransport.start(
            BfdHopMode.SINGLE_HOP, new InetSocketAddress(address("0.0.0.0"), 0), 255);
    int port = a.localAddress().getPort();
    // the speaker's BfdLinks: one transport per family on the wildcard address, the same port
    b =
        BfdUdpTransport.start(
            BfdHopMode.SINGLE_HOP, new InetSocketAddress(address("::"), port), 255);
    assertThat(b.localAddress().getPort()).isEqualTo(port);
  }

  @Test
  void sendsFromTheDynamicPortRange() throws InterruptedException {
    a = BfdUdpTransport.start(BfdHopMode.SINGLE_HOP, new InetSocketAddress(addressA, 0), 255);
    assertThat(a.sourceAddress().getPort()).isBetween(49152, 65535); // RFC 5881 §4
    assertThat(a.ttlSecurity()).isEqualTo(Epoll.isAvailable());
  }

  @Test
  void crashedPeerIsDetectedAfterDetectionTime() throws InterruptedException {
    startPair();
    a.crash();
    a = null;

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> b.state(addressA).orElseThrow() == BfdState.DOWN);
    assertThat(bEvents)
        .contains(
            new RecordingListener.Change(
                BfdState.UP, BfdState.DOWN, BfdDiagnostic.CONTROL_DETECTION_TIME_EXPIRED));
  }

  @Test
  void closedPeerSignalsAdminDown() throws InterruptedException {
    startPair();
    a.close();
    a = null;

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> b.state(addressA).orElseThrow() == BfdState.DOWN);
    assertThat(bEvents)
        .contains(
            new RecordingListener.Change(
                BfdState.UP, BfdState.DOWN, BfdDiagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN));
  }

  @Test
  void removedPeerHasNoSession() throws InterruptedException {
    startPair();
    b.removePeer(addressA);
    assertThat(b.state(addressA)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.state(addressB).orElseThrow() == BfdState.DOWN);
  }

  @Test
  void packetsBelowTtl255AreDroppedByTheKernel() throws Exception {
    assumeTrue(Epoll.isAvailable(), "TTL check needs epoll");
    b = BfdUdpTransport.start(BfdHopMode.SINGLE_HOP, new InetSocketAddress(addressB, 0), 255);
    b.addPeer(
        new InetSocketAddress(addressA, 9),
        FAST,
        (f, t, w) -> bEvents.add(new RecordingListener.Change(f, t, w)));
    byte[] down =
        BfdPacketCodec.encode(
            BfdControlPacket.asynchronous(
                BfdDiagnostic.NO_DIAGNOSTIC,
                BfdState.DOWN,
                false,
                false,
                3,
                77,
                0,
                10_000_000, // 10 s: a session it reaches stays in Init throughout the test
                50_000));

    sendWithTtl(64, down);
    await() // a negative: no state change at all while the packet would have arrived
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(1))
        .until(bEvents::isEmpty);

    sendWithTtl(255, down);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> b.state(addressA).orElseThrow() == BfdState.INIT);
  }

  /** 64 from a plain socket (the default TTL), 255 from a channel set up as the transport's. */
  private void sendWithTtl(int ttl, byte[] payload) throws Exception {
    InetSocketAddress to = b.localAddress();
    if (ttl != 255) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addressA, 0))) {
        s.send(new DatagramPacket(payload, payload.length, to));
      }
      return;
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      Channel ch = BfdChannels.bindSourcePort(group, addressA, true);
      ch.writeAndFlush(
              new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(payload), to))
          .sync();
      ch.close().sync();
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
