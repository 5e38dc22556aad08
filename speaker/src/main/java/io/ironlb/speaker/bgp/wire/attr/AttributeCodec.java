package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.Malformation;
import io.netty.buffer.ByteBuf;

/**
 * How one known attribute type is read: its required O and T flags, its value decoder, and what RFC
 * 7606 does when it is malformed.
 *
 * @param flags the Optional and Transitive bits the type must carry (RFC 4271 §5, §6.3)
 * @param decoder reads exactly the readable bytes of the value, throwing a {@code
 *     BgpCodecException} when malformed
 * @param onMalformed the RFC 7606 §7 approach for this type
 */
record AttributeCodec(int flags, Decoder decoder, Malformation.Action onMalformed) {

  /** Reads one attribute value. */
  @FunctionalInterface
  interface Decoder {
    PathAttribute decode(ByteBuf value, BgpCodecContext ctx);
  }
}
