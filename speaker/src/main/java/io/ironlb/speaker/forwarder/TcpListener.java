package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP {@code VIP:port}: accepts connections and relays each to a NodePort (see {@link
 * TcpFrontend}, {@link RelayHandler}); checks its targets ({@link HealthChecker}). New settings
 * apply to new connections; open ones are never touched by an update.
 *
 * <p>On io_uring and epoll every worker event loop has its own listening socket on {@code VIP:port}
 * ({@code SO_REUSEPORT}; the kernel spreads new connections over them) and accepts onto itself, so
 * a connection is accepted, relayed and connected upstream by one thread, without a hand-off from
 * an acceptor thread. On NIO one socket on the acceptor loop hands connections to the workers.
 */
final class TcpListener implements Listener {

  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

  private final ForwarderContext context;
  private final ServiceCounters counters;
  private final TargetSet targets;
  private final HealthChecker checker;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger open = new AtomicInteger();
  private volatile ListenerSettings settings;
  private final List<Channel> servers;

  private TcpListener(
      ListenerSettings settings, ForwarderContext context, ServiceCounters counters) {
    this.settings = settings;
    this.context = context;
    this.counters = counters;
    this.targets = new TargetSet(settings.spec().targets(), settings.service().policy());
    this.checker =
        HealthChecker.active(
            settings.service().service(), targets, context, context.workers().next());
    this.servers = bind();
    checker.start(settings.healthCheck());
  }

  /**
   * Binds {@code settings.spec().listen()} and starts accepting.
   *
   * @throws io.netty.channel.ChannelException or another RuntimeException when the bind fails
   */
  static TcpListener open(
      ListenerSettings settings, ForwarderContext context, ServiceCounters counters) {
    return new TcpListener(settings, context, counters);
  }

  private List<Channel> bind() {
    List<Channel> bound = new ArrayList<>();
    try {
      if (context.transport().nativeTransport()) {
        for (EventExecutor e : context.workers()) {
          EventLoop loop = (EventLoop) e;
          bound.add(bindOne(loop, loop, true));
        }
      } else {
        bound.add(bindOne(context.acceptors(), context.workers(), false));
      }
    } catch (Exception e) { // a bind error arrives as a checked exception thrown by Netty
      bound.forEach(ch -> ch.close().syncUninterruptibly());
      throw e;
    }
    LOG.info(
        "{}: listening on {} ({} sockets), targets {}",
        settings.key(),
        bound.get(0).localAddress(),
        bound.size(),
        settings.spec().targets());
    return List.copyOf(bound);
  }

  private Channel bindOne(EventLoopGroup acceptor, EventLoopGroup connections, boolean reusePort) {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(acceptor, connections)
            .channel(context.transport().serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 1024)
            // auto-read from the start: TcpFrontend keeps what arrives before the target connects
            // TCP_NODELAY is Netty's default on Linux: setting it again costs a setsockopt
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ForwarderContext.WATER_MARK)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ListenerSettings s = settings;
                    long idle = s.service().limits().idleTimeout().toMillis();
                    channels.add(ch);
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
                        .addLast(new TcpFrontend(TcpListener.this, s));
                  }
                });
    if (reusePort) {
      context.transport().reusePort(b);
    }
    return context
        .transport()
        .freeBind(b, settings.spec().listen().getAddress())
        .bind(settings.spec().listen())
        .syncUninterruptibly()
        .channel();
  }

  @Override
  public void update(ListenerSettings next) {
    settings = next;
    targets.update(next.spec().targets(), next.service().policy());
    checker.start(next.healthCheck());
    LOG.info("{}: updated, targets {}", next.key(), next.spec().targets());
  }

  @Override
  public List<TargetStats> targetStats() {
    return targets.all().stream().map(t -> t.stats(L4Protocol.TCP)).toList();
  }

  @Override
  public void close() {
    checker.stop();
    servers.forEach(ch -> ch.close().syncUninterruptibly());
    channels.close().awaitUninterruptibly();
    LOG.info("{}: closed", settings.key());
  }

  /** Counts a new connection if the limit allows it. */
  boolean tryOpen(int limit) {
    if (open.incrementAndGet() > limit) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Uncounts a connection {@link #tryOpen} admitted. */
  void closed() {
    open.decrementAndGet();
  }

  ServiceCounters counters() {
    return counters;
  }

  TargetSet targets() {
    return targets;
  }

  HealthChecker checker() {
    return checker;
  }

  ForwarderContext context() {
    return context;
  }
}
