package io.ironlb.speaker.forwarder;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The PROXY protocol header a relayed connection starts with (HAProxy's "PROXY protocol" spec,
 * versions 1 and 2, encoded by Netty's {@link HAProxyMessageEncoder}): the client's address as
 * source, the {@code VIP:port} it connected to as destination.
 */
final class ProxyHeaders {

  private ProxyHeaders() {}

  /**
   * The header's bytes, to go first to the target, before any relayed byte; null for {@link
   * ProxyProtocol#NONE}. Netty's encoder writes them, through a throwaway channel (the upstream
   * side is not always a channel: {@link EpollConnection}).
   */
  static ByteBuf encode(ProxyProtocol version, InetSocketAddress client, InetSocketAddress vip) {
    if (version == ProxyProtocol.NONE) {
      return null;
    }
    EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
    encoder.writeOutbound(header(version, client, vip));
    ByteBuf bytes = encoder.readOutbound();
    encoder.finishAndReleaseAll();
    return bytes;
  }

  /**
   * The header for {@code client -> vip}. Both IPv4: TCP4. Otherwise TCP6, an IPv4 address written
   * in its IPv4-mapped IPv6 form (the header has one family for both addresses).
   */
  static HAProxyMessage header(
      ProxyProtocol version, InetSocketAddress client, InetSocketAddress vip) {
    boolean v4 =
        client.getAddress() instanceof Inet4Address && vip.getAddress() instanceof Inet4Address;
    return new HAProxyMessage(
        version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
        HAProxyCommand.PROXY,
        v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
        text(client.getAddress(), v4),
        text(vip.getAddress(), v4),
        client.getPort(),
        vip.getPort());
  }

  private static String text(InetAddress a, boolean v4) {
    if (v4 || !(a instanceof Inet4Address)) {
      String s = a.getHostAddress();
      int scope = s.indexOf('%'); // a link-local scope is no part of the header's address
      return scope < 0 ? s : s.substring(0, scope);
    }
    return "::ffff:" + a.getHostAddress();
  }
}
