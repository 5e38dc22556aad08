package io.ironlb.speaker.bgp.wire;

/** One BGP message (RFC 4271 §4), without its 19-byte header. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {

  /** The header's Type. */
  MessageType type();
}
