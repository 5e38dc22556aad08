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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener's socket on epoll: one bare non-blocking listening socket in every worker loop's
 * epoll set ({@code EPOLLIN}, level-triggered, {@code EPOLLEXCLUSIVE}: the kernel wakes one loop
 * that is waiting for events, not all of them, and passes over a loop that is busy). Whichever loop
 * wakes accepts up to {@value #ACCEPTS_PER_EVENT} connections per turn (level-triggered: the rest
 * on its next turn, or by another loop) and gives each descriptor and client address to the
 * listener ({@link TcpListener}: admission, the loop that carries it, {@link EpollConnection}).
 *
 * <p>So a new connection waits for the first worker loop free to take it, not for one particular
 * loop: on a machine whose cores are all busy (the lab: client, backend, proxy and cluster on two
 * cores) a loop that the scheduler has set aside no longer holds up every new connection. HAProxy
 * polls its listening socket from all its threads the same way.
 */
final class EpollAcceptor {

  private static final Logger LOG = LoggerFactory.getLogger(EpollAcceptor.class);
  private static final int IPPROTO_IP = 0;
  private static final int IP_FREEBIND = 15; // <linux/in.h>; for IPv6 sockets too
  private static final int IP_TRANSPARENT = 19;
  private static final int EPOLLEXCLUSIVE = 1 << 28; // <sys/epoll.h>, Linux 4.5
  private static final int BACKLOG = 1024;
  // HAProxy's tune.maxaccept default: a loop that accepts 64 in a row (and starts each) makes the
  // events of the connections it carries wait behind them; in interleaved lab rounds the
  // new-connection p99 was 19-32 ms with 64 per turn, 22-29 ms with 16, 15-18 ms with 8 and
  // 14-18 ms with 4, at the same req/s (docs/forwarder.md)
  private static final int ACCEPTS_PER_EVENT = 4;

  private final Socket socket;
  private final BiConsumer<Integer, InetSocketAddress> accepted;
  private final List<Poller> pollers = new ArrayList<>();
  private final AtomicInteger polling = new AtomicInteger();

  private EpollAcceptor(Socket socket, BiConsumer<Integer, InetSocketAddress> accepted) {
    this.socket = socket;
    this.accepted = accepted;
  }

  /**
   * Binds {@code listen} ({@code IP_FREEBIND}: the VIP may arrive later; {@code IP_TRANSPARENT} too
   * when {@code transparent}) and starts accepting on each of {@code loops}; {@code accepted} runs
   * on the loop that accepted a connection, with its descriptor and client address.
   *
   * @throws ChannelException when the socket cannot be made or bound
   */
  static EpollAcceptor open(
      InetSocketAddress listen,
      boolean transparent,
      List<IoEventLoop> loops,
      BiConsumer<Integer, InetSocketAddress> accepted) {
    Socket socket = new EpollConnection.TcpSocket(listen.getAddress() instanceof Inet6Address);
    EpollAcceptor a = new EpollAcceptor(socket, accepted);
    try {
      socket.setReuseAddress(true);
      socket.setIntOpt(IPPROTO_IP, IP_FREEBIND, 1);
      if (transparent) {
        socket.setIntOpt(IPPROTO_IP, IP_TRANSPARENT, 1);
      }
      socket.bind(listen);
      socket.listen(BACKLOG);
      for (IoEventLoop loop : loops) {
        Poller p = a.new Poller(loop);
        a.pollers.add(p);
        a.polling.incrementAndGet();
        p.registration = loop.register(p).syncUninterruptibly().getNow();
        p.registration.submit(EpollIoOps.valueOf(Native.EPOLLIN | EPOLLEXCLUSIVE));
      }
      return a;
    } catch (IOException | RuntimeException e) {
      a.shutdown();
      throw new ChannelException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
  }

  /** The local address the socket is bound to (with the port the kernel chose for port 0). */
  InetSocketAddress localAddress() {
    return socket.localAddress();
  }

  /**
   * Stops accepting and closes the socket; returns once every loop has left it (each takes it out
   * of its epoll set on its own thread, so none is in {@code accept} on a descriptor closed under
   * it, or on a new socket that reused the number).
   */
  void shutdown() {
    for (Poller p : pollers) {
      try {
        p.loop.submit(p::close).syncUninterruptibly();
      } catch (RejectedExecutionException e) {
        p.close(); // the loop has stopped: it does not touch the socket any more
      }
    }
    if (pollers.isEmpty()) {
      closeSocket(); // nothing registered yet (a bind error)
    }
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", socket, e.toString());
    }
  }

  /** The socket as one loop polls it. */
  private final class Poller implements EpollIoHandle {

    private final IoEventLoop loop;
    private final byte[] address = new byte[26]; // length, address, port (Netty's format)
    private IoRegistration registration;
    private boolean closed;

    Poller(IoEventLoop loop) {
      this.loop = loop;
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
          return; // EAGAIN: another loop took it, or the queue is empty
        }
        accepted.accept(fd, NativeInetAddress.address(address, 1, address[0]));
      }
    }

    /**
     * Takes the socket out of this loop's epoll set (on the loop, or once the loop has stopped);
     * the last poller to leave closes it.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (registration != null) {
        registration.cancel(); // on the loop: EPOLL_CTL_DEL while the descriptor is still open
      }
      if (polling.decrementAndGet() == 0) {
        closeSocket();
      }
    }
  }
}
