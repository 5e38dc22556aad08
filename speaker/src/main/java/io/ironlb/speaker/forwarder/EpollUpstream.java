package io.ironlb.speaker.forwarder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream half of a relayed connection on epoll: a bare non-blocking socket registered once
 * ({@code EPOLLIN | EPOLLOUT | EPOLLRDHUP}, edge-triggered) with the event loop of the client's
 * channel, and the relay between the two. It is also the client channel's last handler (the bytes
 * it reads go to the socket).
 *
 * <p>Why not a Netty channel: Netty's epoll channel life cycle costs a connection about twenty
 * system calls on the upstream side (an {@code epoll_ctl} for each change of interest, two of them
 * after the connect, a {@code DEL} when the interest set empties and a second, failing one with an
 * exception at close; cached-address {@code getsockname}, {@code SO_SNDBUF}/{@code SO_LINGER}
 * reads, {@code shutdown(SHUT_RD)} on the target's FIN) and a {@code Bootstrap}, pipeline and
 * promises. This socket makes {@code socket}, {@code setsockopt(TCP_NODELAY)}, {@code connect}, one
 * {@code EPOLL_CTL_ADD}, its reads and writes and {@code close}: 8-9. The client side stays a Netty
 * channel (docs/forwarder.md has the counts and what they changed).
 *
 * <p>Same rules as {@link RelayHandler}: a side reads only while the other is below its high water
 * mark (backpressure); a FIN is passed on once what came before it is written, the other direction
 * keeps flowing; a side whose both directions ended is closed; a side that closes closes the other
 * after its last bytes. Everything runs on the client channel's event loop.
 */
final class EpollUpstream extends ChannelInboundHandlerAdapter implements EpollIoHandle {

  private static final Logger LOG = LoggerFactory.getLogger(EpollUpstream.class);

  private static final EpollIoOps INTEREST =
      EpollIoOps.valueOf(Native.EPOLLIN | Native.EPOLLOUT | Native.EPOLLRDHUP | Native.EPOLLET);
  private static final int EPOLLHUP = 0x10; // <sys/epoll.h>, on every Linux architecture
  private static final int ERR_HUP = Native.EPOLLERR | EPOLLHUP;
  private static final int MIN_READ = 2048;
  private static final int MAX_READ = 64 * 1024;

  /** What the connection attempt ends in: connected, or failed with a cause. */
  interface Outcome {
    void connected(EpollUpstream upstream);

    void failed(Throwable cause);
  }

  private final Channel front;
  private final Target target;
  private final ServiceCounters counters;
  private final ForwarderLimits limits;
  private final Socket socket;
  private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
  private long pendingBytes;
  private int readSize = MIN_READ;
  private IoRegistration registration;
  private ScheduledFuture<?> connectTimeout;
  private ScheduledFuture<?> lingerTimeout;
  private Outcome outcome; // until connected or failed
  private boolean connected;
  private boolean readPaused; // the client is above its high water mark
  private boolean frontPaused; // the client stopped reading for this socket's backlog
  private boolean inputEnded; // the target's FIN
  private boolean frontInputEnded; // the client's FIN, passed on once pending is written
  private boolean outputEnded;
  private boolean closeWhenWritten; // the client is gone: close once pending is written
  private boolean closed;

  private EpollUpstream(
      Channel front,
      Target target,
      ServiceCounters counters,
      ForwarderLimits limits,
      Socket socket) {
    this.front = front;
    this.target = target;
    this.counters = counters;
    this.limits = limits;
    this.socket = socket;
  }

  /**
   * Starts connecting to {@code target} for {@code front} (call it on {@code front}'s event loop);
   * {@code outcome} hears once, on that loop, possibly before this returns. The connection counts
   * in {@code target.active} from its connect to its close.
   */
  static void connect(
      Channel front,
      Target target,
      ServiceCounters counters,
      ForwarderLimits limits,
      Outcome outcome) {
    Socket socket;
    try {
      socket = new TcpSocket(target.address.getAddress() instanceof Inet6Address);
    } catch (RuntimeException e) {
      outcome.failed(e); // out of descriptors, typically
      return;
    }
    EpollUpstream u = new EpollUpstream(front, target, counters, limits, socket);
    u.outcome = outcome;
    u.start();
  }

  private void start() {
    long connectTimeoutMillis = limits.connectTimeout().toMillis();
    try {
      socket.setTcpNoDelay(true);
      boolean done = socket.connect(target.address);
      Future<IoRegistration> r = ((IoEventLoop) front.eventLoop()).register(this);
      if (!r.isSuccess()) {
        throw new IOException("cannot register with the event loop: " + r.cause(), r.cause());
      }
      registration = r.getNow();
      registration.submit(INTEREST);
      if (done) {
        established();
        return;
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
      return;
    }
    connectTimeout =
        front
            .eventLoop()
            .schedule(
                () ->
                    fail(
                        new ConnectTimeoutException(
                            "connection timed out after "
                                + connectTimeoutMillis
                                + " ms: "
                                + target.address)),
                connectTimeoutMillis,
                TimeUnit.MILLISECONDS);
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
    if (!connected) {
      if ((ops & ERR_HUP) != 0) {
        try {
          socket.finishConnect(); // throws the connect's error (refused, unreachable)
          fail(new IOException("connect to " + target.address + " failed"));
        } catch (IOException | RuntimeException e) {
          fail(e);
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
    if ((ops & Native.EPOLLOUT) != 0 && !pending.isEmpty()) {
      writePending();
    }
    if ((ops & (Native.EPOLLIN | Native.EPOLLRDHUP | ERR_HUP)) != 0) {
      readAll((ops & (Native.EPOLLRDHUP | ERR_HUP)) != 0);
    }
  }

  private void established() {
    connected = true;
    target.active.incrementAndGet();
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
      connectTimeout = null;
    }
    Outcome o = outcome;
    outcome = null;
    o.connected(this);
  }

  private void fail(Throwable cause) {
    if (connected || closed) {
      return;
    }
    closeSocket();
    Outcome o = outcome;
    outcome = null;
    if (o != null) {
      o.failed(cause);
    }
  }

  // --- target -> client ----------------------------------------------------------------------

  /**
   * Reads until the socket is empty (edge-triggered), the client is full, or the target's FIN. A
   * read that does not fill its buffer emptied the socket, and what arrives later raises a new
   * event, so it ends the loop without a read that would only say EAGAIN; unless {@code untilEnd}:
   * the event also reported the FIN (or an error), which raises no further event, so reading goes
   * on until the end is read.
   */
  private void readAll(boolean untilEnd) {
    boolean wrote = false;
    while (!readPaused && !inputEnded && !closed) {
      ByteBuf buf = front.alloc().ioBuffer(readSize);
      int n;
      try {
        n = read(buf);
      } catch (IOException | RuntimeException e) {
        buf.release();
        LOG.debug("{} <- {}: {}", front, target.address, e.toString());
        end();
        return;
      }
      if (n <= 0) {
        buf.release();
        if (n < 0) {
          inputEnded = true;
        }
        break;
      }
      buf.writerIndex(buf.writerIndex() + n);
      // the next read's size: doubled after a full read, halved after a small one
      if (n == buf.capacity()) {
        readSize = Math.min(readSize << 1, MAX_READ);
      } else if (n < readSize >> 2) {
        readSize = Math.max(readSize >> 1, MIN_READ);
      }
      counters.bytesOut.add(n);
      target.bytesFrom.add(n);
      boolean drained = n < buf.capacity();
      front.write(buf, front.voidPromise());
      wrote = true;
      if (!front.isWritable()) {
        front.flush();
        wrote = false;
        readPaused = !front.isWritable(); // front's channelWritabilityChanged resumes
      }
      if (drained && !untilEnd) {
        break;
      }
    }
    if (inputEnded && !closed) {
      targetEnded();
    } else if (wrote) {
      front.flush();
    }
  }

  private int read(ByteBuf buf) throws IOException {
    int at = buf.writerIndex();
    if (buf.hasMemoryAddress()) {
      return socket.recvAddress(buf.memoryAddress(), at, buf.capacity());
    }
    ByteBuffer nio = buf.internalNioBuffer(at, buf.writableBytes());
    return socket.recv(nio, nio.position(), nio.limit());
  }

  /** The target sent FIN: pass it on to the client once what came before is written. */
  private void targetEnded() {
    RelayHandler.passFin(front);
    if (outputEnded) {
      end();
    }
  }

  // --- client -> target (this is the client channel's handler) ---------------------------------

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (pendingBytes < ForwarderContext.WATER_MARK.high()) {
      RelayHandler.resume(ctx.channel());
    }
  }

  /** Queues bytes for the target (the PROXY header, the client's first bytes, its reads). */
  void write(ByteBuf buf) {
    if (closed || outputEnded) {
      buf.release();
      return;
    }
    pending.add(buf);
    pendingBytes += buf.readableBytes();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    counters.bytesIn.add(buf.readableBytes());
    target.bytesTo.add(buf.readableBytes());
    write(buf);
    if (pendingBytes >= ForwarderContext.WATER_MARK.high()) {
      writePending();
      if (pendingBytes >= ForwarderContext.WATER_MARK.high()) {
        frontPaused = true;
        ctx.channel().config().setAutoRead(false); // writePending turns it on again
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    writePending();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && readPaused) {
      readPaused = false;
      readAll(true); // edge-triggered: what arrived meanwhile (a FIN too) raises no new event
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      frontInputEnded = true;
      writePending(); // passes the FIN on when nothing is left
      if (ctx.channel() instanceof DuplexChannel d && d.isOutputShutdown()) {
        ctx.close(); // both directions of the client ended
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pending.isEmpty() || outputEnded || !connected) {
      end();
    } else {
      // the client's last bytes still go out; a target that never takes them is given up on
      // after the idle timeout
      closeWhenWritten = true;
      writePending();
      if (!closed) {
        lingerTimeout =
            front
                .eventLoop()
                .schedule(this::end, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("relay {} -> {} failed: {}", ctx.channel(), target.address, cause.toString());
    ctx.close();
    end();
  }

  /**
   * Writes what is queued until done or the socket is full (then EPOLLOUT calls again); nothing
   * before the connect completes.
   */
  void writePending() {
    if (!connected || closed) {
      return;
    }
    try {
      ByteBuf buf;
      while ((buf = pending.peek()) != null) {
        int size = buf.readableBytes();
        int n = size == 0 ? 0 : send(buf);
        if (n > 0) {
          buf.skipBytes(n);
          pendingBytes -= n;
        }
        if (buf.isReadable()) {
          break; // socket full: EPOLLOUT comes when it drains
        }
        pending.poll().release();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{} -> {}: {}", front, target.address, e.toString());
      end();
      return;
    }
    if (frontPaused && pendingBytes < ForwarderContext.WATER_MARK.low()) {
      frontPaused = false;
      RelayHandler.resume(front);
    }
    if (pending.isEmpty()) {
      if (closeWhenWritten) {
        end();
      } else if (frontInputEnded && !outputEnded) {
        endOutput();
      }
    }
  }

  private int send(ByteBuf buf) throws IOException {
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

  private void endOutput() {
    outputEnded = true;
    try {
      socket.shutdown(false, true);
    } catch (IOException | NotYetConnectedException e) {
      LOG.debug("{} -> {}: {} (output already ended)", front, target.address, e.toString());
      end();
      return;
    }
    if (inputEnded) {
      end();
    }
  }

  // --- close -------------------------------------------------------------------------------------

  /** Closes the socket and, after its last bytes, the client. Idempotent. */
  void end() {
    if (closed) {
      return;
    }
    boolean wasConnected = connected;
    closeSocket();
    if (!wasConnected) {
      return;
    }
    RelayHandler.closeAfterLastBytes(front, limits.idleTimeout().toMillis());
  }

  private void closeSocket() {
    closed = true;
    if (connected) {
      target.active.decrementAndGet();
    }
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
      connectTimeout = null;
    }
    if (lingerTimeout != null) {
      lingerTimeout.cancel(false);
      lingerTimeout = null;
    }
    ByteBuf buf;
    while ((buf = pending.poll()) != null) {
      buf.release();
    }
    pendingBytes = 0;
    try {
      // closed first: the kernel drops it from the epoll set, and cancel() sees the descriptor
      // closed and skips its EPOLL_CTL_DEL
      socket.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the socket to {}: {}", front, target.address, e.toString());
    }
    if (registration != null) {
      registration.cancel();
    }
  }

  /** The event loop is shutting down (its client channels close with it). */
  @Override
  public void close() {
    if (!closed) {
      closeSocket();
    }
  }

  /** A TCP socket of the target's family (IPv4 for an IPv4 target: no dual-stack option). */
  private static final class TcpSocket extends Socket {
    TcpSocket(boolean ipv6) {
      super(newSocketStream0(ipv6));
    }
  }
}
