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
 * Active health checks of one TCP listener's targets: a TCP connect to each every interval, at most
 * one in flight per target, all on one event loop. State changes are logged (WARN when a target
 * goes down) and passed to the {@link TargetHealthListener}.
 */
final class HealthChecker {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

  private final String service;
  private final TargetSet targets;
  private final ForwarderContext context;
  private final EventLoop loop;
  private final Set<Target> inFlight = new HashSet<>(); // loop thread only
  private volatile HealthCheckSettings settings;
  private ScheduledFuture<?> task;

  HealthChecker(String service, TargetSet targets, ForwarderContext context, EventLoop loop) {
    this.service = service;
    this.targets = targets;
    this.context = context;
    this.loop = loop;
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

  private void checkAll() {
    for (Target t : targets.all()) {
      if (inFlight.add(t)) {
        check(t);
      }
    }
  }

  private void check(Target t) {
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channel(context.transport().socketChannel())
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
