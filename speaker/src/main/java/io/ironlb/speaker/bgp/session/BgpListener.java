package io.ironlb.speaker.bgp.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts BGP connections (TCP 179, or the configured port) and hands each to the session of the
 * peer it comes from, matched by remote address; a connection from no known peer is closed. On
 * epoll the listening socket carries every registered peer's TCP MD5 key (RFC 2385: the kernel
 * drops unsigned segments from those peers). Thread-safe.
 */
public final class BgpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BgpListener.class);

  private final Map<Object, BgpSession> sessions = new ConcurrentHashMap<>();
  private final Channel server;

  private BgpListener(Channel server) {
    this.server = server;
  }

  /** Binds {@code address} and accepts on {@code group}; blocks until bound. */
  public static BgpListener bind(
      EventLoopGroup group, Class<? extends ServerChannel> type, SocketAddress address)
      throws InterruptedException {
    BgpListener[] self = new BgpListener[1];
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(type)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    self[0].accept(ch);
                  }
                });
    Channel server = b.bind(address).sync().channel();
    self[0] = new BgpListener(server);
    LOG.info("BGP listening on {}", server.localAddress());
    return self[0];
  }

  /** Where it listens. */
  public SocketAddress localAddress() {
    return server.localAddress();
  }

  /**
   * Routes the connections of {@code session}'s peer to it. False when the session has a password
   * and the listener is not on epoll: its peer's connections are then refused, never unsigned.
   */
  public synchronized boolean register(BgpSession session) {
    PeerEndpoint e = session.endpoint();
    if (e.password().isPresent() && !TransportOptions.epoll(server.getClass())) {
      LOG.warn("not accepting from {}: TCP MD5 needs the epoll transport", e.name());
      return false;
    }
    sessions.put(e.acceptKey(), session);
    updateMd5Keys();
    return true;
  }

  /** Stops routing connections to {@code session}. */
  public synchronized void unregister(BgpSession session) {
    sessions.remove(session.endpoint().acceptKey(), session);
    updateMd5Keys();
  }

  private void updateMd5Keys() {
    if (!TransportOptions.epoll(server.getClass())) {
      return;
    }
    Map<InetAddress, byte[]> keys = new HashMap<>();
    for (BgpSession s : sessions.values()) {
      if (s.endpoint().password().isPresent()) {
        keys.putAll(TransportOptions.md5Keys(s.endpoint()));
      }
    }
    server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
  }

  private void accept(Channel ch) {
    BgpSession session = sessions.get(key(ch.remoteAddress()));
    if (session == null) {
      LOG.info("closing BGP connection from unknown peer {}", ch.remoteAddress());
      ch.close();
      return;
    }
    session.accept(ch);
  }

  /** The key a remote address is matched by: its IP for TCP, the address itself otherwise. */
  static Object key(SocketAddress address) {
    return address instanceof InetSocketAddress a ? a.getAddress() : address;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }
}
