package io.ironlb.speaker.forwarder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed TCP connection on epoll: the client's accepted socket and a socket to a NodePort
 * target, both bare non-blocking sockets registered once ({@code EPOLLIN | EPOLLOUT | EPOLLRDHUP},
 * edge-triggered) with the worker loop the listener handed the connection to. That one thread runs
 * everything about it: the connect (the next target when one fails, {@link TargetSet#pick}), the
 * PROXY header, the relay both ways, the idle timeout and the close.
 *
 * <p>Why not Netty channels: a Netty epoll channel costs a connection a pipeline, promises, an
 * {@code IdleStateHandler} and about a dozen system calls of its life cycle per side ({@code
 * epoll_ctl} for each change of interest, cached-address {@code getsockname}, option reads, a
 * {@code DEL} at close); here a connection makes {@code accept4}, {@code setsockopt(TCP_NODELAY)}
 * twice, {@code socket}, {@code connect}, two {@code EPOLL_CTL_ADD}, its reads and writes, {@code
 * shutdown} and two {@code close}. docs/forwarder.md has the counts and what they changed.
 *
 * <p>The relay keeps {@link RelayHandler}'s rules: a side is read only while the bytes waiting for
 * the other side are below the high water mark, and again once they drop under the low mark
 * (backpressure; what the client sends while the target is being connected waits the same way); a
 * FIN is passed on once what came before it is written, and the other direction keeps flowing; once
 * both directions ended both sockets are closed; a side that fails (a reset, an error) is closed at
 * once and the other after its last bytes. Nothing read or written for the idle timeout closes the
 * connection, which also bounds how long last bytes wait for a side that does not drain.
 */
final class EpollConnection {

  private static final Logger LOG = LoggerFactory.getLogger(EpollConnection.class);

  private static final EpollIoOps INTEREST =
      EpollIoOps.valueOf(Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET);
  private static final int EPOLLHUP = 0x10; // <sys/epoll.h>, on every Linux architecture
  private static final int ERR_HUP = Native.EPOLLERR | EPOLLHUP;
  private static final int MIN_READ = 2048;
  private static final int MAX_READ = ForwarderContext.MAX_READ;
  private static final int HIGH = ForwarderContext.WATER_MARK.high();
  private static final int LOW = ForwarderContext.WATER_MARK.low();

  private final TcpListener listener;
  private final ListenerSettings settings;
  private final IoEventLoop loop;
  private final InetSocketAddress clientAddress;
  private final Consumer<EpollConnection> onClose;
  private final Side client;
  private final Outbox toClient = new Outbox();
  private final Outbox toServer = new Outbox();
  private final Set<Target> tried = new HashSet<>(4);
  private final long idleNanos;
  private Side server; // the current connect attempt, then the target's side of the relay
  private Target target;
  private long earlyBytes; // read from the client before the target connected
  private long lastActivity;
  private ScheduledFuture<?> idleCheck;
  private ScheduledFuture<?> connectTimeout;
  private boolean connected;
  private boolean closing; // one side failed: the other gets its last bytes, then both close
  private boolean closed;

  /**
   * @param fd the accepted client socket (non-blocking)
   * @param onClose runs once, on {@code loop}, when the connection is closed
   */
  EpollConnection(
      TcpListener listener,
      ListenerSettings settings,
      IoEventLoop loop,
      int fd,
      InetSocketAddress clientAddress,
      Consumer<EpollConnection> onClose) {
    this.listener = listener;
    this.settings = settings;
    this.loop = loop;
    this.clientAddress = clientAddress;
    this.onClose = onClose;
    this.client = new Side(new Socket(fd), toClient);
    this.idleNanos = settings.service().limits().idleTimeout().toNanos();
  }

  /** Starts the connection on its loop: the PROXY header, the first connect, the client's reads. */
  void start() {
    listener.counters().activeConnections.incrementAndGet();
    lastActivity = System.nanoTime();
    idleCheck = loop.schedule(this::idleCheck, idleNanos, TimeUnit.NANOSECONDS);
    ByteBuf header =
        ProxyHeaders.encode(
            settings.service().proxyProtocol(), clientAddress, settings.spec().listen());
    if (header != null) {
      toServer.add(header);
    }
    connectNext();
    if (closed) {
      return;
    }
    try {
      client.socket.setTcpNoDelay(true);
      // the client's first bytes usually arrived before the accept: read them now rather than a
      // loop turn later (before registering: what arrives after this read raises the event)
      read(client, false);
      if (closed) {
        return;
      }
      client.register();
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: {}: {}", settings.key(), clientAddress, e.toString());
      close();
      return;
    }
    if (!connected) {
      sendEarly();
    }
  }

  /** Closes the connection from any thread (listener removal); returns when it is closed. */
  Future<?> closeSoon() {
    return loop.submit(this::close);
  }

  // --- connect
  // -------------------------------------------------------------------------------------

  private void connectNext() {
    Optional<Target> picked = listener.targets().pick(tried);
    if (picked.isEmpty()) {
      listener.counters().refusedNoTarget.increment();
      LOG.debug("{}: no healthy target for {}", settings.key(), clientAddress);
      close();
      return;
    }
    target = picked.get();
    Side attempt;
    try {
      attempt =
          new Side(new TcpSocket(target.address.getAddress() instanceof Inet6Address), toServer);
    } catch (RuntimeException e) {
      connectFailed(null, e); // out of descriptors, typically
      return;
    }
    server = attempt;
    try {
      attempt.socket.setTcpNoDelay(true);
      boolean done = attempt.socket.connect(target.address);
      attempt.register();
      if (done) {
        established();
        return;
      }
    } catch (IOException | RuntimeException e) {
      connectFailed(attempt, e);
      return;
    }
    long millis = settings.service().limits().connectTimeout().toMillis();
    InetSocketAddress to = target.address;
    connectTimeout =
        loop.schedule(
            () -> {
              if (attempt == server && !connected && !closed) {
                connectFailed(
                    attempt,
                    new ConnectTimeoutException(
                        "connection timed out after " + millis + " ms: " + to));
              }
            },
            millis,
            TimeUnit.MILLISECONDS);
  }

  /**
   * Sends the first queued bytes while the connect may still be in progress: to a NodePort on this
   * node the handshake has usually completed inside {@code connect()}, and a send that takes bytes
   * proves it, a loop turn before {@code EPOLLOUT} would. A send that says {@code EAGAIN} leaves it
   * to {@code EPOLLOUT}; one that fails is the connect's failure (refused: the next target).
   */
  private void sendEarly() {
    Side attempt = server;
    ByteBuf first = attempt == null ? null : attempt.out.bufs.peek();
    if (first == null || !first.isReadable()) {
      return;
    }
    int n;
    try {
      n = send(attempt.socket, first);
    } catch (IOException | RuntimeException e) {
      connectFailed(attempt, e);
      return;
    }
    if (n > 0) {
      first.skipBytes(n);
      attempt.out.bytes -= n;
      established(); // the rest of the outbox, and the byte counts
    }
  }

  private void connectFailed(Side attempt, Throwable cause) {
    if (attempt != null) {
      attempt.closeSocket();
    }
    cancelConnectTimeout();
    LOG.debug("{}: connect to {} failed: {}", settings.key(), target.address, cause.toString());
    target.connectFailures.increment();
    listener.checker().connectFailed(target, cause);
    tried.add(target);
    if (!closed) {
      connectNext();
    }
  }

  private void established() {
    connected = true;
    target.active.incrementAndGet();
    cancelConnectTimeout();
    listener.counters().bytesIn.add(earlyBytes);
    target.bytesTo.add(earlyBytes);
    earlyBytes = 0;
    flush(server);
  }

  private void cancelConnectTimeout() {
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
      connectTimeout = null;
    }
  }

  // --- events
  // --------------------------------------------------------------------------------------

  private void handle(Side s, int ops) {
    if (closed || s.socketClosed) {
      return;
    }
    if (s == server && !connected) {
      if ((ops & ERR_HUP) != 0) {
        try {
          s.socket.finishConnect(); // throws the connect's error (refused, unreachable)
          connectFailed(s, new IOException("connect to " + target.address + " failed"));
        } catch (IOException | RuntimeException e) {
          connectFailed(s, e);
        }
        return;
      }
      if ((ops & Native.EPOLLOUT) == 0) {
        return;
      }
      established();
      if (closed) {
        return;
      }
    }
    if ((ops & Native.EPOLLOUT) != 0 && !s.out.bufs.isEmpty()) {
      flush(s);
      if (closed) {
        return;
      }
    }
    if ((ops & (Native.EPOLLIN | Native.EPOLLRDHUP | ERR_HUP)) != 0) {
      read(s, (ops & (Native.EPOLLRDHUP | ERR_HUP)) != 0);
    }
  }

  private Side other(Side s) {
    return s == client ? server : client;
  }

  /**
   * Reads {@code from} until its socket is empty (edge-triggered), the other side's outbox is full,
   * or its FIN. A read that does not fill its buffer emptied the socket, and what arrives later
   * raises a new event, so it ends the loop without a read that would only say EAGAIN; unless
   * {@code untilEnd}: the event also reported the FIN (or an error), which raises no further event.
   */
  private void read(Side from, boolean untilEnd) {
    Side to = other(from);
    Outbox out = to.out;
    boolean any = false;
    while (!from.readPaused && !from.inputEnded && !closing && !closed) {
      ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(from.readSize);
      int n;
      try {
        n = recv(from.socket, buf);
      } catch (IOException | RuntimeException e) {
        buf.release();
        failed(from, e);
        return;
      }
      if (n <= 0) {
        buf.release();
        from.inputEnded = n < 0;
        break;
      }
      buf.writerIndex(buf.writerIndex() + n);
      // the next read's size: doubled after a full read, halved after a small one
      if (n == buf.capacity()) {
        from.readSize = Math.min(from.readSize << 1, MAX_READ);
      } else if (n < from.readSize >> 2) {
        from.readSize = Math.max(from.readSize >> 1, MIN_READ);
      }
      lastActivity = System.nanoTime();
      count(from, n);
      out.add(buf);
      any = true;
      if (out.bytes >= HIGH) {
        flush(to);
        if (closed) {
          return;
        }
        any = false;
        from.readPaused = out.bytes >= HIGH; // flush resumes at the low mark
      }
      if (n < buf.capacity() && !untilEnd) {
        break;
      }
    }
    if (from.inputEnded) {
      out.finAfter = true;
    }
    if (any || from.inputEnded) {
      flush(to);
    }
  }

  private void count(Side from, int n) {
    ServiceCounters c = listener.counters();
    if (from == client) {
      if (connected) {
        c.bytesIn.add(n);
        target.bytesTo.add(n);
      } else {
        earlyBytes += n; // counted for the target that takes them
      }
    } else {
      c.bytesOut.add(n);
      target.bytesFrom.add(n);
    }
  }

  /**
   * Writes {@code to}'s outbox until it is empty or the socket is full (EPOLLOUT calls again), then
   * resumes the other side's reads below the low mark, passes a FIN on, or closes.
   */
  private void flush(Side to) {
    if (closed || to.socketClosed || (to == server && !connected)) {
      return;
    }
    Outbox out = to.out;
    try {
      ByteBuf buf;
      while ((buf = out.bufs.peek()) != null) {
        int n = buf.isReadable() ? send(to.socket, buf) : 0;
        if (n > 0) {
          buf.skipBytes(n);
          out.bytes -= n;
          lastActivity = System.nanoTime();
        }
        if (buf.isReadable()) {
          break; // socket full: EPOLLOUT comes when it drains
        }
        out.bufs.poll().release();
      }
    } catch (IOException | RuntimeException e) {
      failed(to, e);
      return;
    }
    Side from = other(to);
    if (from.readPaused && out.bytes < LOW && !closing) {
      from.readPaused = false;
      read(from, true); // edge-triggered: what arrived meanwhile (a FIN too) raises no new event
      if (closed) {
        return;
      }
    }
    if (!out.bufs.isEmpty()) {
      return;
    }
    if (closing) {
      close(); // the last bytes for the side that is left are out
      return;
    }
    if (out.finAfter && !out.finSent) {
      out.finSent = true;
      if (client.inputEnded && server.inputEnded && toClient.finSent && toServer.finSent) {
        close(); // both directions ended (close sends this FIN)
        return;
      }
      try {
        to.socket.shutdown(false, true);
      } catch (IOException | RuntimeException e) {
        failed(to, e);
      }
    }
  }

  /** {@code s} was reset or failed: it closes now, the other side after its last bytes. */
  private void failed(Side s, Throwable cause) {
    if (s == server && !connected) {
      connectFailed(s, cause);
      return;
    }
    LOG.debug(
        "{}: {} side of {} -> {}: {}",
        settings.key(),
        s == client ? "client" : "target",
        clientAddress,
        target.address,
        cause.toString());
    s.closeSocket();
    Side left = other(s);
    if (!connected || left.out.bufs.isEmpty() || left.socketClosed) {
      close();
      return;
    }
    closing =
        true; // no more reads; the idle timeout bounds the wait for a side that does not drain
    flush(left);
  }

  private void idleCheck() {
    if (closed) {
      return;
    }
    long idle = System.nanoTime() - lastActivity;
    if (idle >= idleNanos) {
      listener.counters().idleClosed.increment();
      LOG.debug("{}: {} idle: closed", settings.key(), clientAddress);
      close();
      return;
    }
    idleCheck = loop.schedule(this::idleCheck, idleNanos - idle, TimeUnit.NANOSECONDS);
  }

  // --- close
  // ---------------------------------------------------------------------------------------

  /** Closes both sockets and releases what waits in the outboxes. Idempotent; on the loop. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    cancelConnectTimeout();
    if (connected) {
      target.active.decrementAndGet();
    }
    client.closeSocket();
    if (server != null) {
      server.closeSocket();
    }
    toClient.release();
    toServer.release();
    listener.counters().activeConnections.decrementAndGet();
    onClose.accept(this);
  }

  private static int recv(Socket socket, ByteBuf buf) throws IOException {
    int at = buf.writerIndex();
    if (buf.hasMemoryAddress()) {
      return socket.recvAddress(buf.memoryAddress(), at, buf.capacity());
    }
    ByteBuffer nio = buf.internalNioBuffer(at, buf.writableBytes());
    return socket.recv(nio, nio.position(), nio.limit());
  }

  private static int send(Socket socket, ByteBuf buf) throws IOException {
    int from = buf.readerIndex();
    if (buf.hasMemoryAddress()) {
      return socket.sendAddress(buf.memoryAddress(), from, buf.writerIndex());
    }
    if (buf.nioBufferCount() == 1) {
      ByteBuffer nio = buf.internalNioBuffer(from, buf.readableBytes());
      return socket.send(nio, nio.position(), nio.limit());
    }
    ByteBuffer copy = ByteBuffer.allocateDirect(buf.readableBytes());
    buf.getBytes(from, copy);
    copy.flip();
    return socket.send(copy, 0, copy.limit());
  }

  /** Bytes on their way to one side, and whether that side's output ends after them. */
  private static final class Outbox {
    private final ArrayDeque<ByteBuf> bufs = new ArrayDeque<>();
    private long bytes;
    private boolean finAfter;
    private boolean finSent;

    void add(ByteBuf buf) {
      bufs.add(buf);
      bytes += buf.readableBytes();
    }

    void release() {
      ByteBuf buf;
      while ((buf = bufs.poll()) != null) {
        buf.release();
      }
      bytes = 0;
    }
  }

  /** One socket of the connection and its state. */
  private final class Side implements EpollIoHandle {
    private final Socket socket;
    private final Outbox out; // what is written to this socket
    private IoRegistration registration;
    private int readSize = MIN_READ;
    private boolean readPaused; // the other side's outbox is above the high mark
    private boolean inputEnded;
    private boolean socketClosed;

    Side(Socket socket, Outbox out) {
      this.socket = socket;
      this.out = out;
    }

    void register() throws IOException {
      Future<IoRegistration> r = loop.register(this);
      if (!r.isSuccess()) {
        throw new IOException("cannot register with the event loop: " + r.cause(), r.cause());
      }
      registration = r.getNow();
      registration.submit(INTEREST);
    }

    @Override
    public FileDescriptor fd() {
      return socket;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      EpollConnection.this.handle(this, ((EpollIoEvent) event).ops().value());
    }

    void closeSocket() {
      if (socketClosed) {
        return;
      }
      socketClosed = true;
      try {
        // closed first: the kernel drops it from the epoll set, and cancel() sees the descriptor
        // closed and skips its EPOLL_CTL_DEL
        socket.close();
      } catch (IOException e) {
        LOG.debug("{}: closing a socket of {}: {}", settings.key(), clientAddress, e.toString());
      }
      if (registration != null) {
        registration.cancel();
      }
    }

    /** The event loop is shutting down. */
    @Override
    public void close() {
      EpollConnection.this.close();
    }
  }

  /** A TCP socket of the target's family (IPv4 for an IPv4 target: no dual-stack option). */
  static final class TcpSocket extends Socket {
    TcpSocket(boolean ipv6) {
      super(newSocketStream0(ipv6));
    }
  }
}
