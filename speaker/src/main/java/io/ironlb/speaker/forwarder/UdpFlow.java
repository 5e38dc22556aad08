package io.ironlb.speaker.forwarder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP client's flow: a connected upstream channel to the flow's target, on the listener's event
 * loop (so the flow is confined to that thread). Datagrams from the client go upstream; replies go
 * back to the client from the listener's socket, so they leave from {@code VIP:port}. Datagrams
 * that arrive before the upstream channel is ready wait in a small queue; beyond it, and whenever a
 * side is not writable, they are dropped (UDP may lose, the forwarder must not hoard).
 */
final class UdpFlow {

  private static final Logger LOG = LoggerFactory.getLogger(UdpFlow.class);
  static final int PENDING_LIMIT = 16;

  final InetSocketAddress client;
  final Target target;
  private final Channel listener;
  private final ServiceCounters counters;
  private final Channel upstream;
  private final HealthChecker health;
  private final Consumer<UdpFlow> unreachable;
  private final Queue<ByteBuf> pending = new ArrayDeque<>();
  private long lastActiveNanos;

  UdpFlow(
      InetSocketAddress client,
      Target target,
      Channel listener,
      ServiceCounters counters,
      NettyTransport transport,
      HealthChecker health,
      Consumer<UdpFlow> unreachable) {
    this.client = client;
    this.health = health;
    this.unreachable = unreachable;
    this.target = target;
    this.listener = listener;
    this.counters = counters;
    this.lastActiveNanos = System.nanoTime();
    ChannelFuture f =
        new Bootstrap()
            .group(listener.eventLoop())
            .channel(transport.datagramChannel())
            .handler(new Replies())
            .connect(target.address);
    this.upstream = f.channel();
    f.addListener(done -> connected(done.isSuccess(), done.cause()));
  }

  /** Takes ownership of {@code datagram} and sends it upstream (or drops it). */
  void toTarget(ByteBuf datagram) {
    lastActiveNanos = System.nanoTime();
    int n = datagram.readableBytes();
    if (!upstream.isActive()) {
      if (pending.size() < PENDING_LIMIT && upstream.isOpen()) {
        pending.add(datagram);
      } else {
        datagram.release();
      }
      return;
    }
    if (!upstream.isWritable()) {
      datagram.release();
      return;
    }
    counters.bytesIn.add(n);
    target.bytesTo.add(n);
    upstream.writeAndFlush(datagram, upstream.voidPromise());
  }

  long lastActiveNanos() {
    return lastActiveNanos;
  }

  /** Closes the upstream channel and drops what waits. */
  void close() {
    releasePending();
    upstream.close();
  }

  private void connected(boolean ok, Throwable cause) {
    if (!ok) {
      LOG.debug("UDP flow {} -> {}: {}", client, target.address, cause.toString());
      releasePending();
      return;
    }
    ByteBuf b;
    while ((b = pending.poll()) != null) {
      toTarget(b);
    }
  }

  private void releasePending() {
    ByteBuf b;
    while ((b = pending.poll()) != null) {
      b.release();
    }
  }

  /** Replies from the target, back to the client from the listener's socket. */
  private final class Replies extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket reply) {
      lastActiveNanos = System.nanoTime();
      if (!listener.isWritable()) {
        return; // dropped; SimpleChannelInboundHandler releases it
      }
      health.replied(target);
      int n = reply.content().readableBytes();
      counters.bytesOut.add(n);
      target.bytesFrom.add(n);
      listener.writeAndFlush(
          new DatagramPacket(reply.content().retain(), client), listener.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("UDP flow {} -> {}: {}", client, target.address, cause.toString());
      if (cause instanceof PortUnreachableException) {
        // ICMP port unreachable on the connected socket: nothing serves the NodePort there. A
        // failed check for the target, and the flow ends so the client's next datagram picks again
        health.unreachable(target, cause);
        unreachable.accept(UdpFlow.this);
      }
    }
  }
}
