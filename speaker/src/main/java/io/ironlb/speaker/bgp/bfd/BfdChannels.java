package io.ironlb.speaker.bgp.bfd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Binds the two datagram channels of a {@link BfdUdpTransport}. */
final class BfdChannels {

  private static final int SOURCE_PORT_ATTEMPTS = 64;

  /**
   * Linux {@code IPV6_V6ONLY} (netinet/in.h): an IPv6 wildcard socket that also took IPv4 would
   * collide with the IPv4 transport on the same port (EADDRINUSE), leaving IPv6 peers without BFD.
   */
  private static final IntegerUnixChannelOption IPV6_V6ONLY =
      new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

  private BfdChannels() {}

  /** The listening channel; with epoll, the kernel drops packets below {@code minimumTtl}. */
  static Channel bind(EventLoopGroup group, InetSocketAddress listen, boolean epoll, int minimumTtl)
      throws InterruptedException {
    boolean ipv6 = listen.getAddress() instanceof Inet6Address;
    Bootstrap b = bootstrap(group, ipv6, epoll);
    if (!epoll) {
      return bound(b.bind(listen).await(), listen);
    }
    BfdTtlSecurity.Filter filter = BfdTtlSecurity.minimumTtlFilter(ipv6, minimumTtl);
    try {
      b.option(BfdTtlSecurity.filterOption(), filter.fprog());
      return bound(b.bind(listen).await(), listen);
    } finally {
      filter.instructions().close(); // the kernel copied the program at setsockopt
    }
  }

  /** The sending channel, on a free source port in 49152-65535 (RFC 5881 §4), TTL 255 (§5). */
  static Channel bindSourcePort(EventLoopGroup group, InetAddress local, boolean epoll)
      throws InterruptedException {
    boolean ipv6 = local instanceof Inet6Address;
    Bootstrap b = bootstrap(group, ipv6, epoll);
    if (epoll) {
      b.option(BfdTtlSecurity.sendTtlOption(ipv6), BfdTtlSecurity.SEND_TTL);
    }
    int span = BfdUdpTransport.SOURCE_PORT_HIGH - BfdUdpTransport.SOURCE_PORT_LOW + 1;
    int first = ThreadLocalRandom.current().nextInt(span);
    Throwable last = null;
    for (int i = 0; i < SOURCE_PORT_ATTEMPTS; i++) {
      int port = BfdUdpTransport.SOURCE_PORT_LOW + (first + i) % span;
      ChannelFuture f = b.bind(new InetSocketAddress(local, port)).await();
      if (f.isSuccess()) {
        return f.channel();
      }
      last = f.cause();
    }
    throw new ChannelException("no free BFD source port on " + local, last);
  }

  private static Channel bound(ChannelFuture f, InetSocketAddress address) {
    if (!f.isSuccess()) {
      throw new ChannelException("cannot bind BFD to " + address, f.cause());
    }
    return f.channel();
  }

  private static Bootstrap bootstrap(EventLoopGroup group, boolean ipv6, boolean epoll) {
    SocketProtocolFamily family = ipv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channelFactory(
                () -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
            .handler(new ChannelInboundHandlerAdapter());
    if (ipv6 && epoll) {
      b.option(IPV6_V6ONLY, 1);
    }
    return b;
  }
}
