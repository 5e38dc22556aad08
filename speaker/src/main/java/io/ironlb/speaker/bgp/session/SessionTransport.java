package io.ironlb.speaker.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Objects;

/**
 * Where a session runs: the event loop its FSM, timers and dials use, and the channel type it dials
 * with ({@code EpollSocketChannel} in production, {@code LocalChannel} in tests).
 */
public record SessionTransport(EventLoop loop, Class<? extends Channel> channelType) {

  public SessionTransport {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channelType, "channelType");
  }
}
