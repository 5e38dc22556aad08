package io.ironlb.speaker.forwarder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A measuring probe, not the forwarder: a TCP relay made only of bare sockets on Netty's epoll
 * natives and event loops, as the forwarder's {@link EpollConnection} is, without its features. No
 * admission, limits, counters, idle timeout, PROXY header or failover: it shows how close to
 * HAProxy a new connection per request on epoll can get once neither side is a Netty channel
 * (docs/forwarder.md, "Why a new connection per request stays below 0.9x"). Accepts on the first
 * worker loop and hands each connection to the loop carrying the fewest.
 *
 * <p>Usage (in bin/bench-forwarder's node namespace, kept with {@code FB_DEBUG}): {@code
 * BareRelayProbeMain WORKERS VIP:PORT=TARGET:PORT}; prints {@code ready}, runs until signalled.
 */
public final class BareRelayProbeMain {

  private static final int INTEREST =
      Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET;
  private static final int ERR_HUP = Native.EPOLLERR | 0x10; // EPOLLHUP
  private static final int IP_FREEBIND = 15; // <linux/in.h>

  private final List<IoEventLoop> loops = new ArrayList<>();
  private final int[] carried;
  private final InetSocketAddress target;

  private BareRelayProbeMain(MultiThreadIoEventLoopGroup group, InetSocketAddress target) {
    for (EventExecutor e : group) {
      loops.add((IoEventLoop) e);
    }
    this.carried = new int[loops.size()];
    this.target = target;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BareRelayProbeMain WORKERS VIP:PORT=TARGET:PORT");
      System.exit(2);
    }
    String[] pair = args[1].split("=", 2);
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(Integer.parseInt(args[0]), EpollIoHandler.newFactory());
    BareRelayProbeMain probe = new BareRelayProbeMain(group, address(pair[1]));
    TcpSocket listening = new TcpSocket();
    listening.setReuseAddress(true);
    listening.setIntOpt(0, IP_FREEBIND, 1); // IPPROTO_IP
    listening.bind(address(pair[0]));
    listening.listen(1024);
    IoEventLoop first = probe.loops.get(0);
    first
        .register(probe.new Acceptor(listening))
        .addListener(f -> ((IoRegistration) f.getNow()).submit(EpollIoOps.valueOf(Native.EPOLLIN)));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    System.out.println("ready");
    System.out.flush();
    stop.await();
    group.shutdownGracefully();
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** An IPv4 TCP socket (or one wrapping an accepted descriptor). */
  private static final class TcpSocket extends Socket {
    TcpSocket() {
      super(newSocketStream0(false));
    }

    TcpSocket(int fd) {
      super(fd);
    }
  }

  /** Accepts everything pending, each connection to the loop carrying the fewest. */
  private final class Acceptor implements EpollIoHandle {
    private final TcpSocket socket;
    private final byte[] address = new byte[26];

    Acceptor(TcpSocket socket) {
      this.socket = socket;
    }

    @Override
    public FileDescriptor fd() {
      return socket;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      for (int accepted = 0; accepted < 64; accepted++) {
        int fd;
        try {
          fd = socket.accept(address);
        } catch (IOException e) {
          return;
        }
        if (fd < 0) {
          return; // EAGAIN: level-triggered, so nothing is lost by stopping at 64 either
        }
        int loop;
        synchronized (carried) {
          loop = 0;
          for (int i = 1; i < carried.length; i++) {
            if (carried[i] < carried[loop]) {
              loop = i;
            }
          }
          carried[loop]++;
        }
        int on = loop;
        loops.get(on).execute(() -> new Connection(fd, on).start());
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Both sockets of one relayed connection, on one loop. */
  private final class Connection {
    private final int loop;
    private final Side client;
    private final Side upstream;
    private boolean connected;
    private boolean closed;

    Connection(int fd, int loop) {
      this.loop = loop;
      this.client = new Side(new TcpSocket(fd));
      this.upstream = new Side(new TcpSocket());
      client.peer = upstream;
      upstream.peer = client;
    }

    void start() {
      try {
        upstream.socket.setTcpNoDelay(true);
        client.socket.setTcpNoDelay(true);
        connected = upstream.socket.connect(target);
        client.register();
        upstream.register();
      } catch (IOException e) {
        close();
      }
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      client.release();
      upstream.release();
      synchronized (carried) {
        carried[loop]--;
      }
    }

    /** One socket: reads go to the peer's queue, its own queue goes out. */
    private final class Side implements EpollIoHandle {
      private final TcpSocket socket;
      private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
      private Side peer;
      private IoRegistration registration;
      private boolean inputEnded;
      private boolean endOutput;
      private boolean outputEnded;

      Side(TcpSocket socket) {
        this.socket = socket;
      }

      void register() {
        registration = loops.get(loop).register(this).getNow();
        registration.submit(EpollIoOps.valueOf(INTEREST));
      }

      @Override
      public FileDescriptor fd() {
        return socket;
      }

      @Override
      public void handle(IoRegistration registration, IoEvent event) {
        int ops = ((EpollIoEvent) event).ops().value();
        if (closed) {
          return;
        }
        if (this == upstream && !connected) {
          if ((ops & ERR_HUP) != 0) {
            close();
            return;
          }
          if ((ops & Native.EPOLLOUT) == 0) {
            return;
          }
          connected = true;
        }
        if ((ops & Native.EPOLLOUT) != 0) {
          write();
        }
        if ((ops & (Native.EPOLLIN | Native.EPOLLRDHUP | ERR_HUP)) != 0) {
          read((ops & (Native.EPOLLRDHUP | ERR_HUP)) != 0);
        }
      }

      private void read(boolean untilEnd) {
        while (!inputEnded && !closed) {
          ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(16 * 1024);
          int n;
          try {
            n = socket.recvAddress(buf.memoryAddress(), 0, buf.capacity());
          } catch (IOException e) {
            buf.release();
            close();
            return;
          }
          if (n <= 0) {
            buf.release();
            inputEnded = n < 0;
            break;
          }
          peer.queue.add(buf.writerIndex(n));
          if (n < buf.capacity() && !untilEnd) {
            break;
          }
        }
        peer.endOutput |= inputEnded;
        peer.write();
      }

      private void write() {
        if (closed || (this == upstream && !connected)) {
          return;
        }
        try {
          ByteBuf buf;
          while ((buf = queue.peek()) != null) {
            buf.skipBytes(
                socket.sendAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex()));
            if (buf.isReadable()) {
              return;
            }
            queue.poll().release();
          }
          if (endOutput && !outputEnded) {
            outputEnded = true;
            if (!inputEnded) {
              socket.shutdown(false, true);
            }
          }
        } catch (IOException e) {
          close();
          return;
        }
        if (outputEnded && inputEnded) {
          close(); // this side is done both ways: as the relay does, close the connection
        }
      }

      void release() {
        ByteBuf buf;
        while ((buf = queue.poll()) != null) {
          buf.release();
        }
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        if (registration != null) {
          registration.cancel();
        }
      }

      @Override
      public void close() {
        Connection.this.close();
      }
    }
  }
}
