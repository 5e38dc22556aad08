package io.ironlb.speaker.forwarder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.NotYetConnectedException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the bytes one channel reads to its peer, on both channels of a forwarded connection (same
 * event loop). A channel reads (auto-read on) only while its peer is writable: the write that takes
 * the peer past its high water mark turns the reading side's auto-read off, and the peer draining
 * below its low water mark turns it on again, so a side that does not drain stops the other side
 * (backpressure) and the relay holds at most one read beyond the high water mark. What a read loop
 * wrote is flushed once, when the loop completes, or as soon as it passes the high water mark.
 *
 * <p>Auto-read rather than one {@code read()} per loop: with auto-read off, epoll removes and adds
 * {@code EPOLLIN} around every loop (two {@code epoll_ctl} calls per read) and reads once per
 * wake-up; with it on, the interest stays registered and a wake-up reads until the socket is empty.
 *
 * <p>Half-close: when one side ends its output (FIN), the peer's output is shut down once what was
 * read before has been flushed; the other direction keeps flowing. A channel whose both directions
 * have ended is closed. A channel that closes closes its peer after a last flush.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

  private final Channel peer;
  private final LongConsumer bytesRelayed;
  private final long lingerMillis;

  /**
   * @param lingerMillis how long a closed channel's last bytes may wait for a peer that does not
   *     take them (the idle timeout): then the peer is closed without them
   */
  RelayHandler(Channel peer, LongConsumer bytesRelayed, long lingerMillis) {
    this.peer = peer;
    this.bytesRelayed = bytesRelayed;
    this.lingerMillis = lingerMillis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (peer.isWritable()) {
      resume(ctx.channel());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      bytesRelayed.accept(buf.readableBytes());
    }
    // ownership passes to the peer's outbound buffer, which releases it when written or failed;
    // a failed write reaches the peer's exceptionCaught through the void promise
    peer.write(msg, peer.voidPromise());
    if (!peer.isWritable()) {
      // past the peer's high water mark (two 32 KiB reads are enough): try the socket first, which
      // usually takes it all; only if the peer stays above the mark does this read loop end here,
      // and no other starts until the peer drains (channelWritabilityChanged on the peer)
      peer.flush();
      if (!peer.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // this channel drained: the peer, which feeds it, may read again (it stopped itself in
    // channelRead; stopping it here too, on every write past the mark, would undo the early flush)
    if (ctx.channel().isWritable()) {
      resume(peer);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      passFin(peer); // the other end sent FIN
      closeIfEnded(ctx.channel());
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAfterLastBytes(peer, lingerMillis);
    ctx.fireChannelInactive();
  }

  /**
   * The other side of {@code peer} sent FIN: passes it on to {@code peer} after what was already
   * read.
   */
  private static void passFin(Channel peer) {
    peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            f -> {
              if (peer instanceof DuplexChannel d && peer.isActive()) {
                if (d.isInputShutdown()) {
                  // the peer's input ended already, so this ends its last direction: close()
                  // sends the same FIN (nothing unread can be left) without a shutdown(2)
                  peer.close();
                } else {
                  // from now on the peer only reads, so its EOF ends the connection: Netty then
                  // closes it at once (channelInactive closes the other side after a flush)
                  // instead of a shutdown(SHUT_RD) that fails with ENOTCONN on a socket whose
                  // both FINs are through, and an exception built for it
                  peer.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                  endOutput(d);
                }
              }
            });
  }

  /**
   * The other side of {@code peer} closed: closes {@code peer} once what is queued for it is
   * written, or after {@code lingerMillis} if it does not take it.
   */
  private static void closeAfterLastBytes(Channel peer, long lingerMillis) {
    if (peer instanceof DuplexChannel d && d.isOutputShutdown()) {
      peer.close(); // nothing left to flush: a write would only fail (and build an exception)
    } else if (peer.isActive()) {
      ChannelOutboundBuffer queued = peer.unsafe().outboundBuffer();
      boolean waiting = queued != null && queued.totalPendingWriteBytes() > 0;
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      if (waiting) {
        // bytes the peer has not taken yet: a peer that never drains (a stalled NodePort) would
        // otherwise hold its socket and them for good
        ScheduledFuture<?> bound =
            peer.eventLoop().schedule(() -> peer.close(), lingerMillis, TimeUnit.MILLISECONDS);
        peer.closeFuture().addListener(f -> bound.cancel(false));
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("relay {} -> {} failed: {}", ctx.channel(), peer, cause.toString());
    ctx.close();
    peer.close();
  }

  /**
   * Turns reading back on, unless the channel's input already ended (epoll refuses a read then).
   */
  private static void resume(Channel ch) {
    boolean inputEnded = ch instanceof DuplexChannel d && d.isInputShutdown();
    if (ch.isActive() && !inputEnded) {
      ch.config().setAutoRead(true);
    }
  }

  /**
   * Shuts down the output of a channel whose outbound buffer is empty (FIN). On io_uring and epoll
   * the socket is shut down directly, as their own {@code shutdownOutput()} would: Netty's path
   * first builds a {@code ChannelOutputShutdownException}, stack trace and all, for writes still
   * queued, and the relay only gets here once its last write completed, so that was one filled-in
   * exception per forwarded connection for nothing.
   */
  private static void endOutput(DuplexChannel ch) {
    if (ch instanceof UnixChannel u && u.fd() instanceof Socket socket) {
      try {
        socket.shutdown(false, true);
      } catch (IOException | NotYetConnectedException e) {
        // the client is gone already (a reset: ENOTCONN, which Netty reports as the unchecked
        // NotYetConnectedException): nothing is left to end, close
        LOG.debug("{}: {} (output already ended)", ch, e.toString());
        ch.close();
        return;
      }
      closeIfEnded(ch);
    } else {
      ch.shutdownOutput().addListener(x -> closeIfEnded(ch));
    }
  }

  private static void closeIfEnded(Channel ch) {
    if (ch instanceof DuplexChannel d && d.isInputShutdown() && d.isOutputShutdown()) {
      ch.close();
    }
  }
}
