package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** NodePort stand-ins on 127.0.0.1, ephemeral ports: echo, PROXY-reading echo, flood, stall. */
final class Backends implements AutoCloseable {

  static final String LOOPBACK = "127.0.0.1";

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private EventLoopGroup epollGroup; // only for stallUntilClosed(), created on first use
  private final List<Channel> servers = new CopyOnWriteArrayList<>();
  // one 16 KiB direct chunk every floodShared() connection writes, so the flood allocates nothing
  private final ByteBuf zeros = Unpooled.directBuffer(16 * 1024).writeZero(16 * 1024);
  private final ByteBuf sharedZeros = Unpooled.unreleasableBuffer(zeros);

  /**
   * A started TCP backend: its address, the connections it accepted (health checks included), those
   * that carried data ({@code served}), its open connections ({@code children}, from their
   * initialisation; {@code open}, counted from the accept itself).
   */
  record Backend(
      Channel server,
      AtomicInteger accepted,
      AtomicInteger served,
      ChannelGroup children,
      List<String> headers,
      AtomicLong bytesWritten,
      AtomicInteger open) {

    InetSocketAddress address() {
      return (InetSocketAddress) server.localAddress();
    }

    /** Stops listening and resets every open connection, as a node going away. */
    void kill() {
      server.close().syncUninterruptibly();
      children.close().awaitUninterruptibly();
    }
  }

  /** Echoes every byte; on FIN, finishes echoing and sends FIN back (half-close aware). */
  Backend echo() {
    return tcp(b -> new Echo(b.served()));
  }

  /** An echo on a given port (a NodePort coming back after it died). */
  Backend echoOn(int port) {
    return tcp(b -> new Echo(b.served()), null, true, port);
  }

  /** Decodes a PROXY header (v1 or v2), records it, then echoes. */
  Backend proxyEcho() {
    return tcp(b -> new ProxyRecorder(b.served(), b.headers()), HAProxyMessageDecoder::new);
  }

  /** Writes without end, as fast as the connection drains; counts what it wrote. */
  Backend flood() {
    return tcp(b -> new Flood(b.bytesWritten()));
  }

  /** Accepts and then never reads nor writes. */
  Backend stall() {
    return tcp(b -> new ChannelInboundHandlerAdapter(), null, false);
  }

  /**
   * Like {@link #flood()}, but every write is the same shared direct chunk: the flood allocates no
   * buffer, so Netty's allocator metrics show only what the forwarder holds.
   */
  Backend floodShared() {
    return tcp(b -> new Flood(b.bytesWritten(), sharedZeros));
  }

  /**
   * Accepts and then never reads nor writes while the peer is there, but closes its side once the
   * peer closes (epoll reports the peer's FIN even with auto-read off), as a stalled process whose
   * sockets the kernel still tears down: its file descriptors do not outlive the forwarder's. Epoll
   * only.
   */
  Backend stallUntilClosed() {
    synchronized (this) {
      if (epollGroup == null) {
        epollGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
      }
    }
    return tcp(
        b -> new ChannelInboundHandlerAdapter(),
        null,
        false,
        0,
        epollGroup,
        EpollServerSocketChannel.class,
        false);
  }

  /** A UDP echo; records the addresses it heard from. */
  Channel udpEcho(List<InetSocketAddress> senders) {
    return udpEchoOn(0, senders);
  }

  /** A UDP echo server on {@code port} of loopback that notes each sender. */
  Channel udpEchoOn(int port, List<InetSocketAddress> senders) {
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    senders.add(p.sender());
                    ctx.writeAndFlush(new DatagramPacket(p.content().retain(), p.sender()));
                  }
                })
            .bind(LOOPBACK, port)
            .syncUninterruptibly()
            .channel();
    servers.add(ch);
    return ch;
  }

  private Backend tcp(java.util.function.Function<Backend, ChannelHandler> handler) {
    return tcp(handler, null, true);
  }

  private Backend tcp(
      java.util.function.Function<Backend, ChannelHandler> handler,
      Supplier<ChannelHandler> first) {
    return tcp(handler, first, true);
  }

  private Backend tcp(
      java.util.function.Function<Backend, ChannelHandler> handler,
      Supplier<ChannelHandler> first,
      boolean autoRead) {
    return tcp(handler, first, autoRead, 0);
  }

  private Backend tcp(
      java.util.function.Function<Backend, ChannelHandler> handler,
      Supplier<ChannelHandler> first,
      boolean autoRead,
      int port) {
    return tcp(handler, first, autoRead, port, group, NioServerSocketChannel.class, true);
  }

  private Backend tcp(
      java.util.function.Function<Backend, ChannelHandler> handler,
      Supplier<ChannelHandler> first,
      boolean autoRead,
      int port,
      EventLoopGroup loops,
      Class<? extends ServerChannel> serverChannel,
      boolean halfClosure) {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    List<String> headers = new CopyOnWriteArrayList<>();
    AtomicLong written = new AtomicLong();
    AtomicInteger open = new AtomicInteger();
    Backend[] self = new Backend[1];
    Channel server =
        new ServerBootstrap()
            .group(loops)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object child) {
                    // counted as soon as accepted, before the child is registered and initialised
                    open.incrementAndGet();
                    ((Channel) child).closeFuture().addListener(f -> open.decrementAndGet());
                    ctx.fireChannelRead(child);
                  }
                })
            .channel(serverChannel)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
            .childOption(ChannelOption.AUTO_READ, autoRead)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.incrementAndGet();
                    children.add(ch);
                    if (first != null) {
                      ch.pipeline().addLast(first.get());
                    }
                    ch.pipeline().addLast(handler.apply(self[0]));
                  }
                })
            .bind(LOOPBACK, port)
            .syncUninterruptibly()
            .channel();
    self[0] = new Backend(server, accepted, served, children, headers, written, open);
    servers.add(server);
    return self[0];
  }

  @Override
  public void close() {
    servers.forEach(Channel::close);
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    synchronized (this) {
      if (epollGroup != null) {
        epollGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
      }
    }
    zeros.release();
  }

  /** Echo with half-close: FIN in, FIN out once everything read was written. */
  static class Echo extends ChannelInboundHandlerAdapter {
    private final AtomicInteger served;
    private boolean counted;

    Echo(AtomicInteger served) {
      this.served = served;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!counted) {
        counted = true;
        served.incrementAndGet();
      }
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
            .addListener(f -> ((DuplexChannel) ctx.channel()).shutdownOutput());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Notes the PROXY header as {@code V2 TCP4 src:port -> dst:port}, echoes the rest. */
  static final class ProxyRecorder extends Echo {
    private final List<String> headers;

    ProxyRecorder(AtomicInteger served, List<String> headers) {
      super(served);
      this.headers = headers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HAProxyMessage h) {
        try {
          headers.add(
              h.protocolVersion()
                  + " "
                  + h.proxiedProtocol()
                  + " "
                  + h.sourceAddress()
                  + ":"
                  + h.sourcePort()
                  + " -> "
                  + h.destinationAddress()
                  + ":"
                  + h.destinationPort());
        } finally {
          h.release();
        }
        return;
      }
      super.channelRead(ctx, msg);
    }
  }

  /** Writes 16 KiB chunks while writable. */
  static final class Flood extends ChannelInboundHandlerAdapter {
    private final AtomicLong written;
    private final ByteBuf shared; // null: a fresh buffer per write

    Flood(AtomicLong written) {
      this(written, null);
    }

    Flood(AtomicLong written, ByteBuf shared) {
      this.written = written;
      this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      pump(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ((ByteBuf) msg).release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private void pump(ChannelHandlerContext ctx) {
      while (ctx.channel().isActive() && ctx.channel().isWritable()) {
        ByteBuf chunk =
            shared != null
                ? shared.duplicate()
                : ctx.alloc().buffer(16 * 1024).writeZero(16 * 1024);
        written.addAndGet(16 * 1024);
        ctx.writeAndFlush(chunk);
      }
    }
  }
}
