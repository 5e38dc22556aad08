package io.ironlb.speaker.bgp.bfd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BFD over UDP on one local address (RFC 5881 single hop or RFC 5883 multihop), on one Netty event
 * loop thread. One channel listens on the hop mode's port (3784 / 4784); one sends, bound to a
 * source port in 49152-65535 shared by all sessions (RFC 5881 §4). With epoll, packets leave with
 * TTL / hop limit 255 and a kernel socket filter drops received packets below 255 (single hop) or
 * the minimum TTL (multihop), see {@link BfdTtlSecurity}; without epoll neither is possible, which
 * {@link #ttlSecurity()} reports and a WARN logs. Public methods may be called from any thread.
 */
public final class BfdUdpTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BfdUdpTransport.class);
  static final int SOURCE_PORT_LOW = 49152;
  static final int SOURCE_PORT_HIGH = 65535;

  private final BfdHopMode mode;
  private final EventLoopGroup group;
  private final Channel listener;
  private final Channel sender;
  private final BfdDriver driver;
  private final boolean ttlSecurity;

  private BfdUdpTransport(BfdHopMode mode, EventLoopGroup group, Channel listener, Channel sender) {
    this.mode = mode;
    this.group = group;
    this.listener = listener;
    this.sender = sender;
    this.ttlSecurity = Epoll.isAvailable();
    this.driver =
        new BfdDriver(
            new BfdSessions(new SecureRandom()),
            listener.eventLoop(),
            System::nanoTime,
            this::send);
    listener.pipeline().addLast(new Inbound());
  }

  /** Listens on the mode's well-known port (needs CAP_NET_BIND_SERVICE). */
  public static BfdUdpTransport start(BfdHopMode mode, InetAddress local, int minimumTtl)
      throws InterruptedException {
    return start(mode, new InetSocketAddress(local, mode.port()), minimumTtl);
  }

  /**
   * Listens on {@code listen} (port 0 for tests). {@code minimumTtl} applies to multihop only;
   * single hop always requires 255 (RFC 5881 §5).
   */
  public static BfdUdpTransport start(BfdHopMode mode, InetSocketAddress listen, int minimumTtl)
      throws InterruptedException {
    int required = mode == BfdHopMode.SINGLE_HOP ? BfdTtlSecurity.SEND_TTL : minimumTtl;
    if (required < 1 || required > 255) {
      throw new IllegalArgumentException("minimumTtl must be 1..255: " + minimumTtl);
    }
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("ironlb-bfd", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    try {
      Channel in = BfdChannels.bind(group, listen, epoll, required);
      Channel out = BfdChannels.bindSourcePort(group, listen.getAddress(), epoll);
      if (!epoll) {
        LOG.warn("epoll unavailable: BFD sends with the default TTL and cannot check received TTL");
      }
      LOG.info(
          "BFD {} listening on {}, sending from {}", mode, in.localAddress(), out.localAddress());
      return new BfdUdpTransport(mode, group, in, out);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** Starts a session with {@code peer} on the mode's port. */
  public void addPeer(InetAddress peer, BfdTimers timers, BfdStateListener listener) {
    addPeer(new InetSocketAddress(peer, mode.port()), timers, listener);
  }

  /** Starts a session with {@code peer}, sending to its port (tests use ephemeral ports). */
  public void addPeer(InetSocketAddress peer, BfdTimers timers, BfdStateListener listener) {
    Objects.requireNonNull(peer, "peer");
    call(
        () -> {
          driver.open(peer, timers, listener);
          return null;
        });
  }

  /** Ends the session with {@code peer}, sending AdminDown once. */
  public void removePeer(InetAddress peer) {
    call(
        () -> {
          driver.close(peer);
          return null;
        });
  }

  /** The session's state, empty when there is no session for {@code peer}. */
  public Optional<BfdState> state(InetAddress peer) {
    return call(() -> driver.session(peer).map(BfdSession::state));
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) listener.localAddress();
  }

  public InetSocketAddress sourceAddress() {
    return (InetSocketAddress) sender.localAddress();
  }

  /** Whether TTL 255 is sent and the received TTL checked (epoll only). */
  public boolean ttlSecurity() {
    return ttlSecurity;
  }

  /** Sends AdminDown to every peer (RFC 5882 §3.2: not a path failure), then closes. */
  @Override
  public void close() {
    shutdown(true);
  }

  /** Test hook: stops as a crash would, telling no one. */
  void crash() {
    shutdown(false);
  }

  private void shutdown(boolean tellPeers) {
    if (group.isShuttingDown()) {
      return;
    }
    call(
        () -> {
          driver.closeAll(tellPeers);
          return null;
        });
    sender.close().syncUninterruptibly();
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  private void send(InetSocketAddress peer, BfdControlPacket packet) {
    ByteBuf buf = sender.alloc().buffer(BfdPacketCodec.MANDATORY_LENGTH);
    BfdPacketCodec.encode(packet, buf);
    LOG.trace("BFD to {}: {}", peer, packet);
    sender.writeAndFlush(new DatagramPacket(buf, peer)); // the write releases buf
  }

  private <T> T call(Callable<T> task) {
    try {
      return listener.eventLoop().submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Decodes datagrams on the listening channel; malformed ones are dropped and counted in DEBUG.
   */
  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
      BfdControlPacket packet;
      try {
        packet = BfdPacketCodec.decode(datagram.content());
      } catch (BfdCodecException e) {
        LOG.debug("BFD datagram from {} dropped: {}", datagram.sender(), e.getMessage());
        return;
      }
      LOG.trace("BFD from {}: {}", datagram.sender(), packet);
      driver.receive(datagram.sender().getAddress(), packet);
    }
  }
}
