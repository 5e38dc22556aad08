package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Locale;

/**
 * The Netty transport the forwarder runs on: io_uring, epoll or NIO. Only the native ones
 * (io_uring, epoll) can bind a listener to a VIP the node does not hold yet ({@code IP_FREEBIND}).
 *
 * @param kind which transport
 * @param ioHandlers the event loops' I/O handler
 * @param serverChannel the TCP listening channel type
 * @param datagramChannel the UDP channel type
 */
record NettyTransport(
    Kind kind,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> datagramChannel) {

  /** The transports, and the name {@code --forwarder-transport} gives each. */
  enum Kind {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * The transport {@code choice} names: {@code auto} (epoll, else io_uring, else NIO), {@code
   * io_uring}, {@code epoll} or {@code nio}.
   *
   * @throws IllegalArgumentException for another name, or a native transport this host cannot load
   *     (with the reason the native library gave)
   */
  static NettyTransport select(String choice) {
    String c = choice.trim().toLowerCase(Locale.ROOT);
    switch (c) {
      case "auto":
        return detect();
      case "io_uring":
      case "iouring":
        if (!IoUring.isAvailable()) {
          throw new IllegalArgumentException(
              "io_uring is not available here: " + IoUring.unavailabilityCause());
        }
        return ioUring();
      case "epoll":
        if (!Epoll.isAvailable()) {
          throw new IllegalArgumentException(
              "epoll is not available here: " + Epoll.unavailabilityCause());
        }
        return epollTransport();
      case "nio":
        return nio();
      default:
        throw new IllegalArgumentException(
            "unknown forwarder transport '" + choice + "': auto, io_uring, epoll or nio");
    }
  }

  /**
   * epoll when available, else io_uring, else NIO. epoll first: on it the forwarder meets HAProxy
   * on every row of bin/bench-forwarder and spends less CPU per new connection than on io_uring
   * (whose listener accepts on one loop), and it is what the runtimes' default seccomp profiles
   * allow, so a node gets the same transport whatever its profile (docs/forwarder.md, Transport).
   */
  static NettyTransport detect() {
    if (Epoll.isAvailable()) {
      return epollTransport();
    }
    return IoUring.isAvailable() ? ioUring() : nio();
  }

  static NettyTransport nio() {
    return new NettyTransport(
        Kind.NIO,
        NioIoHandler.newFactory(),
        NioServerSocketChannel.class,
        NioDatagramChannel.class);
  }

  static NettyTransport epollTransport() {
    return new NettyTransport(
        Kind.EPOLL,
        EpollIoHandler.newFactory(),
        EpollServerSocketChannel.class,
        EpollDatagramChannel.class);
  }

  static NettyTransport ioUring() {
    return new NettyTransport(
        Kind.IO_URING,
        IoUringIoHandler.newFactory(),
        IoUringServerSocketChannel.class,
        IoUringDatagramChannel.class);
  }

  /**
   * Makes the TCP channel that connects to {@code target}. On epoll, an IPv4 target gets an IPv4
   * socket rather than Netty's default dual-stack IPv6 one (one {@code setsockopt(IPV6_V6ONLY)}
   * less per connection, and no v4-mapped addresses); io_uring and NIO use their default. A
   * constructor reference, not Netty's reflective factory, which looks the constructor up again
   * each time.
   */
  ChannelFactory<Channel> socketChannelFor(InetSocketAddress target) {
    return switch (kind) {
      case IO_URING -> IoUringSocketChannel::new;
      case EPOLL ->
          target.getAddress() instanceof Inet4Address
              ? () -> new EpollSocketChannel(SocketProtocolFamily.INET)
              : EpollSocketChannel::new;
      case NIO -> NioSocketChannel::new;
    };
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
    ChannelOption<Boolean> freeBind;
    ChannelOption<Boolean> transparent;
    switch (kind) {
      case IO_URING:
        freeBind = IoUringChannelOption.IP_FREEBIND;
        transparent = IoUringChannelOption.IP_TRANSPARENT;
        break;
      case EPOLL:
        freeBind = EpollChannelOption.IP_FREEBIND;
        transparent = EpollChannelOption.IP_TRANSPARENT;
        break;
      default:
        return bootstrap;
    }
    bootstrap.option(freeBind, true);
    return local(address) ? bootstrap : bootstrap.option(transparent, true);
  }

  /** Whether {@code address} is this host's (or the wildcard, or loopback). */
  static boolean local(InetAddress address) {
    try {
      return address.isAnyLocalAddress()
          || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
