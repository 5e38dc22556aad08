package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpMessage;
import io.ironlb.speaker.bgp.wire.BgpMessageDecoder;
import io.ironlb.speaker.bgp.wire.BgpMessageEncoder;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.RouteRefresh;
import io.ironlb.speaker.bgp.wire.Update;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a session's connection: turns what the channel sees into FSM events for the
 * session. Pipeline: {@link BgpMessageDecoder}, {@link BgpMessageEncoder}, this.
 */
final class BgpChannelHandler extends SimpleChannelInboundHandler<BgpMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(BgpChannelHandler.class);

  private final BgpSession session;
  private final Connection connection;
  private final BgpMessageDecoder decoder = new BgpMessageDecoder(BgpCodecContext.INITIAL);
  private final BgpMessageEncoder encoder = new BgpMessageEncoder(BgpCodecContext.INITIAL);

  BgpChannelHandler(BgpSession session, Connection connection) {
    this.session = session;
    this.connection = connection;
  }

  /** Installs the codec and this handler on {@code ch}. */
  void install(Channel ch) {
    ch.pipeline().addLast(decoder, encoder, this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, BgpMessage message) {
    if (message instanceof Open open) {
      // docs/bgp-wire.md: switch the codec while handling the OPEN, so the first UPDATE decodes
      // with it; we always send the 4-octet AS capability, so the peer's decides (RFC 6793 §3)
      BgpCodecContext context =
          open.fourOctetAs().isPresent() ? BgpCodecContext.FOUR_OCTET_AS : BgpCodecContext.INITIAL;
      decoder.context(context);
      encoder.context(context);
      session.fire(new FsmEvent.BgpOpen(connection, open));
    } else if (message instanceof Update update) {
      session.updateReceived(connection, update);
    } else if (message instanceof Keepalive) {
      session.fire(new FsmEvent.KeepaliveMsg(connection));
    } else if (message instanceof Notification n) {
      session.fire(new FsmEvent.NotifMsg(connection, n));
    } else if (message instanceof RouteRefresh r) {
      session.fire(new FsmEvent.RouteRefreshMsg(connection, r));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.fire(new FsmEvent.TcpConnectionFails(connection));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof BgpCodecException e) {
      session.fire(new FsmEvent.DecodeError(connection, e)); // the FSM answers and closes
    } else {
      LOG.warn("connection {} to {} failed: {}", connection, session.peer(), cause.toString());
      ctx.close();
    }
  }
}
