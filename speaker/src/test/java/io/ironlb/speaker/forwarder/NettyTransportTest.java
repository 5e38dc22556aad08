package io.ironlb.speaker.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

/** Choosing the forwarder's transport ({@code --forwarder-transport}). */
class NettyTransportTest {

  @Test
  void autoPrefersEpollThenIoUringThenNio() {
    NettyTransport.Kind expected =
        Epoll.isAvailable()
            ? NettyTransport.Kind.EPOLL
            : IoUring.isAvailable() ? NettyTransport.Kind.IO_URING : NettyTransport.Kind.NIO;
    assertThat(NettyTransport.select("auto").kind()).isEqualTo(expected);
    assertThat(NettyTransport.select(" AUTO ").kind()).isEqualTo(expected);
  }

  @Test
  void eachTransportCanBeNamed() {
    assertThat(NettyTransport.select("nio").kind()).isEqualTo(NettyTransport.Kind.NIO);
    if (Epoll.isAvailable()) {
      assertThat(NettyTransport.select("epoll").kind()).isEqualTo(NettyTransport.Kind.EPOLL);
    }
    if (IoUring.isAvailable()) {
      assertThat(NettyTransport.select("io_uring").kind()).isEqualTo(NettyTransport.Kind.IO_URING);
    }
  }

  @Test
  void anUnknownNameIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> NettyTransport.select("dpdk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpdk")
        .hasMessageContaining("auto, io_uring, epoll or nio");
    assertThatThrownBy(() -> NodePortForwarder.checkTransport("kqueue"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
