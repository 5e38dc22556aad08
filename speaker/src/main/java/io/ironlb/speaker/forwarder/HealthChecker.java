package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health checks of one listener's targets, all on one event loop. State changes are logged (WARN
 * when a target goes down) and passed to the {@link TargetHealthListener}.
 *
 * <p>TCP ({@link #active}): a TCP connect to each target every interval, at most one in flight per
 * target; a relayed connection's failed connect counts as a failed check too.
 *
 * <p>UDP ({@link #passive}): UDP has no handshake to check, and a probe datagram would reach the
 * Service's application, so the flows are the checks: an ICMP port unreachable on a flow's
 * connected socket (nothing behind the NodePort: kube-proxy rejects for want of endpoints, or no
 * socket) is a failed check, a datagram back from the target a passed one, with the same fall and
 * rise. Every interval a target that is down is put on probation ({@link Target#probe}): new flows
 * may go to it again and the next result decides, so a target that recovers gets traffic back. A
 * target that drops datagrams without a word (a dead node) is not seen here; the node turning
 * NotReady takes it out of the targets.
 */
final class HealthChecker {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

  private final String service;
  private final TargetSet targets;
  private final ForwarderContext context;
  private final EventLoop loop;
  private final boolean connects;
  private final Set<Target> inFlight = new HashSet<>(); // loop thread only
  private volatile HealthCheckSettings settings;
  private ScheduledFuture<?> task;

  private HealthChecker(
      String service,
      TargetSet targets,
      ForwarderContext context,
      EventLoop loop,
      boolean connects) {
    this.service = service;
    this.targets = targets;
    this.context = context;
    this.loop = loop;
    this.connects = connects;
  }

  /** Checks that connect to each target (TCP). */
  static HealthChecker active(
      String service, TargetSet targets, ForwarderContext context, EventLoop loop) {
    return new HealthChecker(service, targets, context, loop, true);
  }

  /** Checks that learn from the relayed flows only, with probation for targets down (UDP). */
  static HealthChecker passive(
      String service, TargetSet targets, ForwarderContext context, EventLoop loop) {
    return new HealthChecker(service, targets, context, loop, false);
  }

  /** Starts checking, or restarts at a new interval. */
  synchronized void start(HealthCheckSettings newSettings) {
    if (newSettings.equals(settings) && task != null) {
      return;
    }
    settings = newSettings;
    if (task != null) {
      task.cancel(false);
    }
    long every = newSettings.interval().toMillis();
    task = loop.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  /** Counts a relayed connection's failed connect as a failed check. */
  void connectFailed(Target t, Throwable cause) {
    record(t, false, "connect failed: " + cause.getMessage());
  }

  /** A flow's datagram came back from {@code t}: a passed check. */
  void replied(Target t) {
    record(t, true, "a reply came back");
  }

  /** A flow to {@code t} got ICMP port unreachable: a failed check. */
  void unreachable(Target t, Throwable cause) {
    record(t, false, "port unreachable: " + cause.getMessage());
  }

  private void checkAll() {
    for (Target t : targets.all()) {
      if (!connects) {
        if (t.probe()) {
          LOG.debug(
              "Service {}: target {} is down: new flows may try it again", service, t.address);
        }
      } else if (inFlight.add(t)) {
        check(t);
      }
    }
  }

  private void check(Target t) {
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channelFactory(context.transport().socketChannelFor(t.address))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeout().toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(t.address);
    f.addListener(
        done -> {
          inFlight.remove(t);
          if (done.isSuccess()) {
            f.channel().close();
            record(t, true, "health check connected");
          } else {
            record(t, false, "health check failed: " + done.cause().getMessage());
          }
        });
  }

  private void record(Target t, boolean ok, String reason) {
    t.record(ok, settings)
        .ifPresent(
            healthy -> {
              if (healthy) {
                LOG.info("Service {}: target {} is healthy again", service, t.address);
              } else {
                LOG.warn("Service {}: target {} is unhealthy: {}", service, t.address, reason);
              }
              context.health().healthChanged(service, t.address, healthy, reason);
            });
  }
}
