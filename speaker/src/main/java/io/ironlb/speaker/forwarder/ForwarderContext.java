package io.ironlb.speaker.forwarder;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
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

  /**
   * The largest read, and so the largest write, of a relayed connection: 32 KiB. A 64 KiB write to
   * a NodePort on this node (loopback: MTU 65536, MSS 65483) goes out as a full segment and a runt
   * of 53 bytes; through the lab the relaying thread spent 1.5 times the CPU per byte on the iperf3
   * row that it does with 32 KiB writes, which go out whole (48 KiB did as well as 32; why the runt
   * costs that much was not measured: docs/forwarder.md, the tuning table).
   */
  static final int MAX_READ = 32 * 1024;

  /**
   * Read sizes of the relay's Netty channels (io_uring, NIO): Netty's adaptive default (from 2 KiB,
   * growing after full reads) capped at {@link #MAX_READ} instead of 64 KiB.
   */
  static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ);
}
