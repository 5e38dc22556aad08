package io.ironlb.speaker.bgp.wire.cap;

import io.netty.buffer.ByteBuf;

/**
 * One capability of the OPEN's Capabilities optional parameter (RFC 5492 §4):
 *
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * +------------------------------+
 * </pre>
 *
 * Each known capability is one record that writes its own value and is read back by the {@link
 * CapabilityCodec} registered for its code in {@link Capabilities}.
 */
public sealed interface Capability
    permits MultiprotocolCapability,
        FourOctetAsCapability,
        RouteRefreshCapability,
        GracefulRestartCapability,
        UnknownCapability {

  /** The Capability Code. */
  int code();

  /** Length of the value written by {@link #writeValue} (0..255). */
  int valueLength();

  /** Writes the Capability Value. */
  void writeValue(ByteBuf out);
}
