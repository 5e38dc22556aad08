package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.Socket;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP {@code VIP:port}: accepts connections and relays each to a NodePort (see {@link
 * TcpFrontend}, {@link RelayHandler}); checks its targets ({@link HealthChecker}). New settings
 * apply to new connections; open ones are never touched by an update.
 *
 * <p>One listening socket; each accepted connection goes to the worker loop that carries the fewest
 * connections ({@link ConnectionBalancer}), where it is relayed and connected upstream by that one
 * thread. On epoll the socket and the connections are bare sockets ({@link EpollAcceptor}: every
 * worker loop accepts, whichever is free first; {@link EpollConnection}); on io_uring and NIO they
 * are Netty channels accepting on one worker loop ({@link TcpFrontend}, {@link RelayHandler}).
 */
final class TcpListener implements Listener {

  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

  private final ForwarderContext context;
  private final ServiceCounters counters;
  private final TargetSet targets;
  private final HealthChecker checker;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger open = new AtomicInteger();
  private final Set<EpollConnection> bare = ConcurrentHashMap.newKeySet();
  private volatile ListenerSettings settings;
  private final Channel server; // io_uring, NIO; null on epoll
  private final EpollAcceptor acceptor; // epoll; null otherwise

  private TcpListener(
      ListenerSettings settings, ForwarderContext context, ServiceCounters counters) {
    this.settings = settings;
    this.context = context;
    this.counters = counters;
    this.targets = new TargetSet(settings.spec().targets(), settings.service().policy());
    this.checker =
        HealthChecker.active(
            settings.service().service(), targets, context, context.workers().next());
    SocketAddress local;
    if (context.transport().kind() == NettyTransport.Kind.EPOLL) {
      this.server = null;
      this.acceptor = listen();
      local = acceptor.localAddress();
    } else {
      this.server = bind();
      this.acceptor = null;
      local = server.localAddress();
    }
    LOG.info("{}: listening on {}, targets {}", settings.key(), local, settings.spec().targets());
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

  private Channel bind() {
    // one socket on one worker loop (the next in turn, so several listeners spread the accepting);
    // each connection it accepts goes to the loop carrying the fewest (ConnectionBalancer)
    ServerBootstrap b =
        new ServerBootstrap()
            .group(context.workers().next(), context.connections())
            .channel(context.transport().serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .handler(new Admission())
            // auto-read from the start: TcpFrontend keeps what arrives before the target connects
            // TCP_NODELAY is Netty's default on Linux: setting it again costs a setsockopt
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ForwarderContext.WATER_MARK)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, ForwarderContext.READS)
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
    return context
        .transport()
        .freeBind(b, settings.spec().listen().getAddress())
        .bind(settings.spec().listen())
        .syncUninterruptibly() // a bind error arrives as a checked exception thrown by Netty
        .channel();
  }

  private EpollAcceptor listen() {
    InetSocketAddress listen = settings.spec().listen();
    return EpollAcceptor.open(
        listen,
        !NettyTransport.local(listen.getAddress()),
        context.connections().ioLoops(),
        this::accepted);
  }

  /**
   * Epoll: admits or refuses a connection the listening socket accepted (on the accepting loop, as
   * {@link Admission} does for channels) and starts it there, or on the loop carrying the fewest
   * when another carries fewer than the accepting one ({@link ConnectionBalancer#acquire}).
   */
  private void accepted(int fd, InetSocketAddress client) {
    ListenerSettings s = settings;
    if (!admit(s, client)) {
      try {
        Socket refused = new Socket(fd);
        refused.setSoLinger(0); // RST instead of FIN: refused, not served
        refused.close();
      } catch (IOException e) {
        LOG.debug("{}: {} (closing)", s.key(), e.toString());
      }
      return;
    }
    ConnectionBalancer balancer = context.connections();
    int i = balancer.acquire();
    IoEventLoop loop = (IoEventLoop) balancer.loop(i);
    EpollConnection c =
        new EpollConnection(this, s, loop, fd, client, closed -> released(closed, i));
    bare.add(c);
    if (loop.inEventLoop()) {
      c.start();
      return;
    }
    try {
      loop.execute(c::start);
    } catch (RejectedExecutionException e) { // the forwarder is stopping
      released(c, i);
      try {
        new Socket(fd).close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
  }

  /** An epoll connection closed (or never started): its place in the limit and its loop's count. */
  private void released(EpollConnection c, int loop) {
    bare.remove(c);
    open.decrementAndGet();
    context.connections().release(loop);
  }

  /**
   * Whether {@code client} may connect: inside {@code loadBalancerSourceRanges} and under the
   * connection limit (then counted in {@code open} until the connection closes); counted when not.
   */
  private boolean admit(ListenerSettings s, InetSocketAddress client) {
    if (!s.service().admits(client.getAddress())) {
      counters.refusedBySourceRange.increment();
      LOG.debug("{}: {} is outside loadBalancerSourceRanges: reset", s.key(), client);
      return false;
    }
    if (open.incrementAndGet() > s.service().limits().maxConnections()) {
      open.decrementAndGet();
      counters.refusedByLimit.increment();
      LOG.debug("{}: connection limit reached: {} reset", s.key(), client);
      return false;
    }
    return true;
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
    if (acceptor != null) {
      acceptor.shutdown();
      List<Future<?>> closing = new ArrayList<>();
      for (EpollConnection c : bare) {
        try {
          closing.add(c.closeSoon());
        } catch (RejectedExecutionException e) {
          LOG.debug("{}: its loop has stopped, and closed its connections", settings.key());
        }
      }
      closing.forEach(Future::awaitUninterruptibly);
    } else {
      server.close().syncUninterruptibly();
      channels.close().awaitUninterruptibly();
    }
    LOG.info("{}: closed", settings.key());
  }

  /**
   * Admits or refuses each connection the listening socket accepts, on the accepting loop, before
   * it is handed to a worker loop: a client outside {@code loadBalancerSourceRanges}, or one over
   * the connection limit, is reset (RST) there and then, so a storm of refused connections costs no
   * hand-off and holds no descriptor past the accepting loop's turn. The limit's count is released
   * when an admitted connection closes.
   */
  private final class Admission extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Channel ch = (Channel) msg; // accepted, not registered with a loop yet
      if (!admit(settings, (InetSocketAddress) ch.remoteAddress())) {
        reset(ch);
        return;
      }
      // released when the connection closes (not if Netty cannot register it: only when its
      // loops shut down, and the listener with them)
      ch.closeFuture().addListener(f -> open.decrementAndGet());
      ctx.fireChannelRead(ch); // to Netty's acceptor: the connection's loop, TcpFrontend
    }

    private static void reset(Channel ch) {
      try {
        ch.config()
            .setOption(ChannelOption.SO_LINGER, 0); // RST instead of FIN: refused, not served
      } catch (ChannelException e) {
        LOG.debug("{}: {} (closing)", ch, e.toString()); // the client is gone already
      }
      ch.unsafe().closeForcibly(); // not registered with a loop: closes the socket at once
    }
  }

  /** See {@link NodePortForwarder#relays()}. */
  List<String> relays() {
    List<String> out = new ArrayList<>();
    for (EpollConnection c : bare) {
      out.add(c.getClass().getSimpleName());
    }
    for (Channel ch : channels) {
      ChannelHandler last = ch.pipeline().last();
      if (last != null) {
        out.add(last.getClass().getSimpleName());
      }
    }
    return out;
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
