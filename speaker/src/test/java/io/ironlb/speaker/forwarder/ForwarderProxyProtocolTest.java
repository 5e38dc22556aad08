package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.connect;
import static io.ironlb.speaker.forwarder.Fixture.eventually;
import static io.ironlb.speaker.forwarder.Fixture.roundTrip;
import static io.ironlb.speaker.forwarder.Fixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.uring.IoUring;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PROXY protocol headers: the bytes, and what a backend decoding them with Netty learns. */
class ForwarderProxyProtocolTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 51000);
  private static final InetSocketAddress VIP = new InetSocketAddress("198.51.100.7", 80);

  /**
   * On io_uring the connections are Netty channels; on epoll bare sockets ({@link
   * EpollConnection}), which send the header's bytes themselves, with the client address from
   * {@code accept}.
   */
  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"V1, io_uring", "V2, io_uring", "V1, epoll", "V2, epoll"})
  void theBackendLearnsTheRealClientAddressAndTheVip(ProxyProtocol version, String transport)
      throws IOException {
    Assumptions.assumeTrue(
        !transport.equals("io_uring") || IoUring.isAvailable(),
        "io_uring is not available on this host");
    try (Backends backends = new Backends();
        NodePortForwarder forwarder =
            NodePortForwarder.start(
                NettyTransport.select(transport), 1, TargetHealthListener.NONE)) {
      Backends.Backend backend = backends.proxyEcho();
      InetSocketAddress listen = Fixture.freeTcp();
      forwarder.apply(
          ForwarderConfig.of(
              List.of(
                  Fixture.service(
                      "default/web",
                      TargetPolicy.LOCAL,
                      version,
                      List.of(),
                      ForwarderLimits.DEFAULT,
                      tcp(listen, backend.address())))));

      try (Socket s = connect(listen)) {
        assertThat(roundTrip(s, "after the header")).isEqualTo("after the header");
        eventually().until(() -> backend.headers().size() == 1);
        assertThat(backend.headers())
            .containsExactly(
                version.name()
                    + " TCP4 127.0.0.1:"
                    + s.getLocalPort()
                    + " -> 127.0.0.1:"
                    + listen.getPort());
      }
    }
  }

  @Test
  void v1IsTheTextLineOfTheSpecification() {
    EmbeddedChannel ch = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
    ch.writeOutbound(ProxyHeaders.header(ProxyProtocol.V1, CLIENT, VIP));
    ByteBuf out = ch.readOutbound();
    try {
      assertThat(out.toString(StandardCharsets.US_ASCII))
          .isEqualTo("PROXY TCP4 192.0.2.1 198.51.100.7 51000 80\r\n");
    } finally {
      out.release();
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void v2StartsWithTheSignatureAndDecodesBack() {
    HAProxyMessage decoded = roundTripV2(CLIENT, VIP);
    try {
      assertThat(decoded.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
      assertThat(decoded.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
      assertThat(decoded.sourceAddress()).isEqualTo("192.0.2.1");
      assertThat(decoded.sourcePort()).isEqualTo(51000);
      assertThat(decoded.destinationAddress()).isEqualTo("198.51.100.7");
      assertThat(decoded.destinationPort()).isEqualTo(80);
    } finally {
      decoded.release();
    }
  }

  @Test
  void anIpv4ClientOnAnIpv6VipIsSentAsTcp6WithAMappedAddress() {
    HAProxyMessage decoded = roundTripV2(CLIENT, new InetSocketAddress("2001:db8::7", 443));
    try {
      assertThat(decoded.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
      assertThat(decoded.sourceAddress()).isEqualTo("0:0:0:0:0:ffff:c000:201");
      assertThat(decoded.destinationAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
    } finally {
      decoded.release();
    }
  }

  private static HAProxyMessage roundTripV2(InetSocketAddress client, InetSocketAddress vip) {
    EmbeddedChannel enc = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
    enc.writeOutbound(ProxyHeaders.header(ProxyProtocol.V2, client, vip));
    ByteBuf bytes = enc.readOutbound();
    assertThat(bytes.getByte(0)).isEqualTo((byte) 0x0D); // the 12-byte v2 signature starts \r\n\r\n
    assertThat(bytes.getByte(12)).isEqualTo((byte) 0x21); // version 2, command PROXY
    EmbeddedChannel dec = new EmbeddedChannel(new HAProxyMessageDecoder());
    dec.writeInbound(bytes);
    HAProxyMessage m = dec.readInbound();
    enc.finishAndReleaseAll();
    dec.finishAndReleaseAll();
    return m;
  }
}
