package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP {@code VIP:port}: a flow table keyed by client address, bounded by {@code maxFlows}, each
 * flow sticking to the target it was given and forgotten after {@code udpIdleTimeout} without a
 * datagram either way. The table lives on the listener channel's event loop only.
 */
final class UdpListener implements Listener {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);

  private final ForwarderContext context;
  private final ServiceCounters counters;
  private final TargetSet targets;
  private final HealthChecker health;
  private final Map<InetSocketAddress, UdpFlow> flows = new HashMap<>(); // event loop only
  private volatile ListenerSettings settings;
  private final Channel channel;
  private final ScheduledFuture<?> sweeper;

  private UdpListener(
      ListenerSettings settings, ForwarderContext context, ServiceCounters counters) {
    this.settings = settings;
    this.context = context;
    this.counters = counters;
    this.targets = new TargetSet(settings.spec().targets(), settings.service().policy());
    Bootstrap b =
        new Bootstrap()
            .group(context.workers())
            .channel(context.transport().datagramChannel())
            .handler(new Datagrams());
    this.channel =
        context
            .transport()
            .freeBind(b, settings.spec().listen().getAddress())
            .bind(settings.spec().listen())
            .syncUninterruptibly()
            .channel();
    this.health =
        HealthChecker.passive(settings.service().service(), targets, context, channel.eventLoop());
    health.start(settings.healthCheck());
    long sweep = Math.max(10, settings.service().limits().udpIdleTimeout().toMillis() / 4);
    this.sweeper =
        channel
            .eventLoop()
            .scheduleWithFixedDelay(this::expire, sweep, sweep, TimeUnit.MILLISECONDS);
    LOG.info(
        "{}: listening on {}, targets {}",
        settings.key(),
        channel.localAddress(),
        settings.spec().targets());
  }

  /** Binds {@code settings.spec().listen()}; a RuntimeException when the bind fails. */
  static UdpListener open(
      ListenerSettings settings, ForwarderContext context, ServiceCounters counters) {
    return new UdpListener(settings, context, counters);
  }

  @Override
  public void update(ListenerSettings next) {
    settings = next;
    targets.update(next.spec().targets(), next.service().policy());
    health.start(next.healthCheck());
    LOG.info("{}: updated, targets {}", next.key(), next.spec().targets());
  }

  @Override
  public List<TargetStats> targetStats() {
    return targets.all().stream().map(t -> t.stats(L4Protocol.UDP)).toList();
  }

  @Override
  public void close() {
    sweeper.cancel(false);
    health.stop();
    channel.eventLoop().submit(() -> expireAll(flows.values().iterator())).awaitUninterruptibly();
    channel.close().syncUninterruptibly();
    LOG.info("{}: closed", settings.key());
  }

  private void expire() {
    long now = System.nanoTime();
    long idle = settings.service().limits().udpIdleTimeout().toNanos();
    List<UdpFlow> gone = new ArrayList<>();
    flows.values().stream().filter(f -> now - f.lastActiveNanos() > idle).forEach(gone::add);
    expireAll(gone.iterator());
  }

  private void expireAll(Iterator<UdpFlow> it) {
    List<UdpFlow> gone = new ArrayList<>();
    it.forEachRemaining(gone::add);
    gone.forEach(this::end);
  }

  /** Forgets a flow (event loop only); a flow already forgotten is left alone. */
  private void end(UdpFlow f) {
    if (flows.remove(f.client, f)) {
      f.close();
      f.target.active.decrementAndGet();
      counters.activeFlows.decrementAndGet();
    }
  }

  private Optional<UdpFlow> flow(InetSocketAddress client, ListenerSettings s, Channel listening) {
    UdpFlow existing = flows.get(client);
    if (existing != null) {
      return Optional.of(existing);
    }
    if (flows.size() >= s.service().limits().maxFlows()) {
      counters.refusedByLimit.increment();
      return Optional.empty();
    }
    Optional<Target> t = targets.pick(Set.of());
    if (t.isEmpty()) {
      counters.refusedNoTarget.increment();
      return Optional.empty();
    }
    UdpFlow f =
        new UdpFlow(client, t.get(), listening, counters, context.transport(), health, this::end);
    flows.put(client, f);
    t.get().active.incrementAndGet();
    counters.activeFlows.incrementAndGet();
    return Optional.of(f);
  }

  /** Datagrams from clients. */
  private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      ListenerSettings s = settings;
      if (!s.service().admits(p.sender().getAddress())) {
        counters.refusedBySourceRange.increment();
        return; // SimpleChannelInboundHandler releases the datagram
      }
      flow(p.sender(), s, ctx.channel()).ifPresent(f -> f.toTarget(p.content().retain()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("{}: {}", settings.key(), cause.toString());
    }
  }
}
