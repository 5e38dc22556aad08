package io.ironlb.speaker.forwarder;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;

/**
 * What every listener of one forwarder shares.
 *
 * @param transport io_uring, epoll or NIO
 * @param workers the event loops that carry connections, flows and checks (and accept)
 * @param connections the worker loop an accepted TCP connection goes to
 * @param health told when a target's health changes
 */
record ForwarderContext(
    NettyTransport transport,
    EventLoopGroup workers,
    ConnectionBalancer connections,
    TargetHealthListener health) {

  /**
   * Bytes a relay may hold for a peer that does not drain: past the high mark the relay stops
   * reading the other side until the low mark (backpressure), so a never-reading client costs at
   * most about this plus one read per connection.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
}
