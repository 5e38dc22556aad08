package io.ironlb.speaker.forwarder;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where an accepted TCP connection lives: the child group of every TCP listener's {@code
 * ServerBootstrap}. A connection goes to the worker loop that carries the fewest connections; on a
 * tie it stays on the loop that accepted it (no hand-off). HAProxy spreads accepted connections
 * over its threads the same way. On epoll every worker loop accepts from the one socket (whichever
 * is free first, {@link EpollAcceptor}) and the same rule picks the loop ({@link #acquire}): a
 * slack of 4 connections before a hand-off (fewer hand-offs) gave no clear gain on new connections
 * and let long-lived ones sit unevenly (docs/forwarder.md).
 *
 * <p>Why one shared socket and this, rather than a {@code SO_REUSEPORT} socket per loop: the kernel
 * spreads {@code SO_REUSEPORT} connections by a hash of the addresses, whatever each loop's load,
 * so while one loop is behind (it shares a core with the client, the backend, the other loop) its
 * queue keeps filling and every connection in it waits, while the other loop may idle. A loop that
 * is behind keeps its connections open longer, so it carries more, and new ones go elsewhere. In
 * the forwarder benchmark (docs/forwarder.md) this cut the new-connection-per-request p99 by about
 * 15 % against per-loop sockets, at the same req/s; HAProxy itself, with a socket per thread,
 * showed the same wider p99.
 *
 * <p>Only {@code register} is this group's own; the rest is the worker group's.
 */
final class ConnectionBalancer extends AbstractEventExecutorGroup implements EventLoopGroup {

  private final EventLoopGroup workers;
  private final List<EventLoop> loops = new ArrayList<>();
  private final AtomicInteger[] carried;

  ConnectionBalancer(EventLoopGroup workers) {
    this.workers = workers;
    for (EventExecutor e : workers) {
      loops.add((EventLoop) e);
    }
    carried = new AtomicInteger[loops.size()];
    for (int i = 0; i < carried.length; i++) {
      carried[i] = new AtomicInteger();
    }
  }

  /** Connections each worker loop carries now, in the worker group's order. */
  int[] carried() {
    int[] now = new int[carried.length];
    for (int i = 0; i < now.length; i++) {
      now[i] = carried[i].get();
    }
    return now;
  }

  /**
   * For a connection that is not a Netty channel (epoll): picks its loop as {@code register} does
   * and counts it there until {@link #release}; returns the loop's index.
   */
  int acquire() {
    int i = pick();
    carried[i].incrementAndGet();
    return i;
  }

  /** The connection {@link #acquire} counted on loop {@code i} closed. */
  void release(int i) {
    carried[i].decrementAndGet();
  }

  /** The worker loops, in the worker group's order (epoll's acceptor polls from each). */
  List<IoEventLoop> ioLoops() {
    return loops.stream().map(l -> (IoEventLoop) l).toList();
  }

  /** Worker loop {@code i}, in the worker group's order. */
  EventLoop loop(int i) {
    return loops.get(i);
  }

  @Override
  public ChannelFuture register(Channel channel) {
    return register(channel.newPromise());
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    int i = pick();
    AtomicInteger count = carried[i];
    count.incrementAndGet();
    promise.channel().closeFuture().addListener(f -> count.decrementAndGet());
    return loops.get(i).register(promise);
  }

  @Deprecated
  @Override
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    return register(promise);
  }

  /** The least loaded loop, or the calling (accepting) loop if it carries no more than that. */
  private int pick() {
    int least = 0;
    for (int i = 1; i < carried.length; i++) {
      if (carried[i].get() < carried[least].get()) {
        least = i;
      }
    }
    for (int i = 0; i < carried.length; i++) {
      if (loops.get(i).inEventLoop() && carried[i].get() <= carried[least].get()) {
        return i;
      }
    }
    return least;
  }

  @Override
  public EventLoop next() {
    return workers.next();
  }

  @Override
  public Iterator<EventExecutor> iterator() {
    return workers.iterator();
  }

  @Override
  public boolean isShuttingDown() {
    return workers.isShuttingDown();
  }

  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    return workers.shutdownGracefully(quietPeriod, timeout, unit);
  }

  @Override
  public Future<?> terminationFuture() {
    return workers.terminationFuture();
  }

  @Deprecated
  @Override
  public void shutdown() {
    workers.shutdownGracefully();
  }

  @Override
  public boolean isShutdown() {
    return workers.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return workers.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return workers.awaitTermination(timeout, unit);
  }
}
