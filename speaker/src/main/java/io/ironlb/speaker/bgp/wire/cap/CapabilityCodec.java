package io.ironlb.speaker.bgp.wire.cap;

import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.netty.buffer.ByteBuf;

/** Reads one capability's value (exactly the readable bytes of {@code value}). */
@FunctionalInterface
public interface CapabilityCodec {

  /**
   * The capability; a {@link BgpCodecException} with {@code OPEN_UNSPECIFIC} (2,0) when a
   * recognised capability is malformed (RFC 4271 §6.2).
   */
  Capability decode(ByteBuf value);
}
