package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * The Netty transport the forwarder runs on: epoll where the native library loads, else NIO. Only
 * epoll can bind a listener to a VIP the node does not hold yet ({@code IP_FREEBIND}).
 *
 * @param epoll whether this is the epoll transport
 * @param ioHandlers the event loops' I/O handler
 * @param serverChannel the TCP listening channel type
 * @param socketChannel the TCP connection channel type
 * @param datagramChannel the UDP channel type
 */
record NettyTransport(
    boolean epoll,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> socketChannel,
    Class<? extends Channel> datagramChannel) {

  /** Epoll when available, else NIO. */
  static NettyTransport detect() {
    return Epoll.isAvailable() ? epollTransport() : nio();
  }

  static NettyTransport nio() {
    return new NettyTransport(
        false,
        NioIoHandler.newFactory(),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        NioDatagramChannel.class);
  }

  private static NettyTransport epollTransport() {
    return new NettyTransport(
        true,
        EpollIoHandler.newFactory(),
        EpollServerSocketChannel.class,
        EpollSocketChannel.class,
        EpollDatagramChannel.class);
  }

  /**
   * Lets a listener bind an address that is not (yet) on the node: the VIP arrives with its
   * announcement, possibly after the listener was opened (Linux {@code IP_FREEBIND}, no capability
   * needed). For an address that is not the node's, also {@code IP_TRANSPARENT} (CAP_NET_RAW or
   * CAP_NET_ADMIN): without it the kernel refuses to send from the VIP (the route lookup of a
   * SYN-ACK or a UDP reply fails), so the policy-routed VIP (docs/forwarder.md) could receive but
   * never answer.
   */
  <B extends AbstractBootstrap<B, C>, C extends Channel> B freeBind(
      B bootstrap, InetAddress address) {
    if (!epoll) {
      return bootstrap;
    }
    bootstrap.option(EpollChannelOption.IP_FREEBIND, true);
    return local(address) ? bootstrap : bootstrap.option(EpollChannelOption.IP_TRANSPARENT, true);
  }

  private static boolean local(InetAddress address) {
    try {
      return address.isAnyLocalAddress()
          || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
