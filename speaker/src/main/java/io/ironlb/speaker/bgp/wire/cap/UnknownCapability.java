package io.ironlb.speaker.bgp.wire.cap;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A capability IronLB does not interpret (ADD-PATH, FQDN, enhanced route refresh, long-lived
 * graceful restart, ...), kept opaque: RFC 5492 §3 says to ignore unknown capabilities.
 */
public record UnknownCapability(int code, byte[] value) implements Capability {

  public UnknownCapability {
    if (code < 0 || code > 255 || value.length > 255) {
      throw new IllegalArgumentException("bad capability " + code + ", length " + value.length);
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public int valueLength() {
    return value.length;
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeBytes(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownCapability u && u.code == code && Arrays.equals(u.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "UnknownCapability[" + code + ", " + HexFormat.of().formatHex(value) + "]";
  }
}
