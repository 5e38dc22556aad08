package io.ironlb.speaker.bgp.wire.cap;

import io.netty.buffer.ByteBuf;

/**
 * Route Refresh capability (RFC 2918 §2), code 2, length 0. The pre-standard code 128 that FRR also
 * sends is kept as an {@link UnknownCapability}.
 */
public record RouteRefreshCapability() implements Capability {

  public static final int CODE = 2;

  /** The one instance (all are equal). */
  public static final RouteRefreshCapability INSTANCE = new RouteRefreshCapability();

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public int valueLength() {
    return 0;
  }

  @Override
  public void writeValue(ByteBuf out) {
    // no value
  }

  static RouteRefreshCapability decode(ByteBuf value) {
    Capabilities.requireLength(value, 0, "route refresh");
    return INSTANCE;
  }
}
