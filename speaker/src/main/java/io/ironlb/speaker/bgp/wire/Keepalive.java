package io.ironlb.speaker.bgp.wire;

/** KEEPALIVE (RFC 4271 §4.4): the header alone. Use {@link #INSTANCE}. */
public record Keepalive() implements BgpMessage {

  /** The one KEEPALIVE (all instances are equal). */
  public static final Keepalive INSTANCE = new Keepalive();

  @Override
  public MessageType type() {
    return MessageType.KEEPALIVE;
  }
}
