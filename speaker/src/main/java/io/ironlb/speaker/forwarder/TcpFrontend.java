package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an admitted connection ({@code TcpListener}'s admission): connects to a
 * healthy target (the next one when a connect fails), sends the PROXY header, then hands both
 * channels to {@link RelayHandler}s. Also ends the connection on the idle timeout. One per
 * connection; runs on the connection's event loop, which the upstream channel shares.
 */
final class TcpFrontend extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(TcpFrontend.class);

  private final TcpListener listener;
  private final ListenerSettings settings;
  private final List<Object> early = new ArrayList<>();
  private int earlyBytes;
  private boolean relaying;
  private boolean earlyEnd;

  TcpFrontend(TcpListener listener, ListenerSettings settings) {
    this.listener = listener;
    this.settings = settings;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    // admitted already, by the listener's Admission on the accepting loop
    listener.counters().activeConnections.incrementAndGet();
    connect(ctx.channel(), new HashSet<>());
  }

  /**
   * The client's first bytes (and the end of its input) usually arrive while the target is still
   * being connected: the connection reads from the start, keeps them and relays them first, in the
   * turn that sees the target connected, instead of waiting for that turn to start reading (one
   * event-loop turn and, on epoll, one {@code epoll_ctl} less per connection). Reading stops once
   * the kept bytes reach the high water mark, as it would for a peer that does not drain.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (relaying) {
      ctx.fireChannelRead(msg);
      return;
    }
    early.add(msg);
    if (msg instanceof ByteBuf buf) {
      earlyBytes += buf.readableBytes();
    }
    if (earlyBytes >= ForwarderContext.WATER_MARK.high()) {
      ctx.channel().config().setAutoRead(false); // RelayHandler turns it on again
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
    listener.counters().activeConnections.decrementAndGet();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      listener.counters().idleClosed.increment();
      LOG.debug("{}: {} idle: closed", settings.key(), ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent && !relaying) {
      earlyEnd = true;
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}: {}", settings.key(), ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private void connect(Channel front, Set<Target> tried) {
    Optional<Target> picked = listener.targets().pick(tried);
    if (picked.isEmpty()) {
      listener.counters().refusedNoTarget.increment();
      LOG.debug("{}: no healthy target for {}", settings.key(), front.remoteAddress());
      front.close();
      return;
    }
    Target target = picked.get();
    ChannelFuture f =
        new Bootstrap()
            .group(front.eventLoop())
            .channelFactory(listener.context().transport().socketChannelFor(target.address))
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) settings.service().limits().connectTimeout().toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true) // TCP_NODELAY: Netty's default
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ForwarderContext.WATER_MARK)
            .option(ChannelOption.RCVBUF_ALLOCATOR, ForwarderContext.READS)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(target.address);
    f.addListener(done -> connected(front, f, target, tried));
  }

  private void connectFailed(Channel front, Target target, Set<Target> tried, Throwable cause) {
    target.connectFailures.increment();
    listener.checker().connectFailed(target, cause);
    tried.add(target);
    if (front.isActive()) {
      connect(front, tried);
    }
  }

  /**
   * Writes to {@code back} what goes to the target before the relay starts: the PROXY header, if
   * the Service asks for one, then what the client sent while the target was connecting (counted).
   */
  private void firstBytes(Channel front, Target target, Channel back) {
    ByteBuf header =
        ProxyHeaders.encode(
            settings.service().proxyProtocol(),
            (InetSocketAddress) front.remoteAddress(),
            (InetSocketAddress) front.localAddress());
    if (header != null) {
      back.write(header, back.voidPromise());
    }
    ServiceCounters c = listener.counters();
    relaying = true;
    for (Object msg : early) {
      ByteBuf buf = (ByteBuf) msg; // a stream channel reads nothing else
      c.bytesIn.add(buf.readableBytes());
      target.bytesTo.add(buf.readableBytes());
      back.write(buf, back.voidPromise());
    }
    early.clear();
  }

  private void connected(Channel front, ChannelFuture f, Target target, Set<Target> tried) {
    if (!f.isSuccess()) {
      connectFailed(front, target, tried, f.cause());
      return;
    }
    Channel back = f.channel();
    if (!front.isActive()) {
      back.close();
      return;
    }
    target.active.incrementAndGet();
    back.closeFuture().addListener(x -> target.active.decrementAndGet());
    firstBytes(front, target, back);
    back.flush();
    ServiceCounters c = listener.counters();
    long linger = settings.service().limits().idleTimeout().toMillis();
    front
        .pipeline()
        .addLast(
            new RelayHandler(
                back,
                n -> {
                  c.bytesIn.add(n);
                  target.bytesTo.add(n);
                },
                linger));
    back.pipeline()
        .addLast(
            new RelayHandler(
                front,
                n -> {
                  c.bytesOut.add(n);
                  target.bytesFrom.add(n);
                },
                linger));
    if (earlyEnd) {
      front.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    }
  }
}
