package io.ironlb.speaker.l2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Ethernet switch for tests and the lab's dry runs: every frame sent by one attached
 * transport is offered to all the others, each of which keeps it only if its address filter accepts
 * it (like a NIC outside promiscuous mode). Delivery is synchronous, on the sending thread, so
 * tests see replies as soon as {@code send} returns. Thread-safe.
 */
public final class InMemorySegment {

  private final List<InMemoryPacketTransport> ports = new CopyOnWriteArrayList<>();

  /** A new transport on this segment for {@code info}; not started. */
  public InMemoryPacketTransport attach(InterfaceInfo info) {
    InMemoryPacketTransport port = new InMemoryPacketTransport(this, info);
    ports.add(port);
    return port;
  }

  /** A factory attaching every interface it opens to this segment. */
  public PacketTransportFactory factory() {
    return this::attach;
  }

  /** Transports attached and not closed. */
  public List<InMemoryPacketTransport> ports() {
    return List.copyOf(ports);
  }

  void deliver(InMemoryPacketTransport from, byte[] frame) {
    for (InMemoryPacketTransport port : ports) {
      if (port != from) {
        port.receive(frame);
      }
    }
  }

  void detach(InMemoryPacketTransport port) {
    ports.remove(port);
  }
}
