package io.ironlb.speaker.l2;

import java.io.IOException;

/** Opens a {@link PacketTransport} on an interface. */
public interface PacketTransportFactory {

  /** A transport open on {@code iface}, not started yet. */
  PacketTransport open(InterfaceInfo iface) throws IOException;
}
