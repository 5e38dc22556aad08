package io.ironlb.speaker.forwarder;

import io.netty.channel.ChannelException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener's socket on epoll: a bare non-blocking listening socket registered
 * (level-triggered {@code EPOLLIN}) with one worker loop, which accepts up to 64 connections per
 * event and gives each accepted descriptor and client address to the listener ({@link TcpListener}:
 * admission, hand-off, {@link EpollConnection}).
 */
final class EpollAcceptor implements EpollIoHandle {

  private static final Logger LOG = LoggerFactory.getLogger(EpollAcceptor.class);
  private static final int IPPROTO_IP = 0;
  private static final int IP_FREEBIND = 15; // <linux/in.h>; for IPv6 sockets too
  private static final int IP_TRANSPARENT = 19;
  private static final int BACKLOG = 1024;
  private static final int ACCEPTS_PER_EVENT = 64;

  private final Socket socket;
  private final IoEventLoop loop;
  private final BiConsumer<Integer, InetSocketAddress> accepted;
  private final byte[] address = new byte[26]; // length, then address and port (Netty's format)
  private IoRegistration registration;
  private boolean closed;

  private EpollAcceptor(
      Socket socket, IoEventLoop loop, BiConsumer<Integer, InetSocketAddress> accepted) {
    this.socket = socket;
    this.loop = loop;
    this.accepted = accepted;
  }

  /**
   * Binds {@code listen} ({@code IP_FREEBIND}: the VIP may arrive later; {@code IP_TRANSPARENT} too
   * when {@code transparent}) and starts accepting on {@code loop}; {@code accepted} runs there for
   * each connection with its descriptor and client address.
   *
   * @throws ChannelException when the socket cannot be made or bound
   */
  static EpollAcceptor open(
      InetSocketAddress listen,
      boolean transparent,
      IoEventLoop loop,
      BiConsumer<Integer, InetSocketAddress> accepted) {
    Socket socket = new EpollConnection.TcpSocket(listen.getAddress() instanceof Inet6Address);
    try {
      socket.setReuseAddress(true);
      socket.setIntOpt(IPPROTO_IP, IP_FREEBIND, 1);
      if (transparent) {
        socket.setIntOpt(IPPROTO_IP, IP_TRANSPARENT, 1);
      }
      socket.bind(listen);
      socket.listen(BACKLOG);
      EpollAcceptor a = new EpollAcceptor(socket, loop, accepted);
      a.registration = loop.register(a).syncUninterruptibly().getNow();
      a.registration.submit(EpollIoOps.valueOf(Native.EPOLLIN));
      return a;
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the bind error is what matters
      }
      throw new ChannelException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    for (int i = 0; i < ACCEPTS_PER_EVENT && !closed; i++) {
      int fd;
      try {
        fd = socket.accept(address);
      } catch (IOException e) {
        // EMFILE, ENOBUFS, a connection reset while queued: level-triggered, so the next turn
        // tries again; the queue is not lost
        LOG.debug("accept on {}: {}", socket, e.toString());
        return;
      }
      if (fd < 0) {
        return; // EAGAIN
      }
      accepted.accept(fd, NativeInetAddress.address(address, 1, address[0]));
    }
  }

  /** The local address the socket is bound to (with the port the kernel chose for port 0). */
  InetSocketAddress localAddress() {
    return socket.localAddress();
  }

  /** Stops accepting and closes the socket; returns once done on the loop. */
  void shutdown() {
    try {
      loop.submit(this::close).syncUninterruptibly();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      close(); // the loop has stopped: nothing else touches the socket
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", socket, e.toString());
    }
    if (registration != null) {
      registration.cancel();
    }
  }
}
