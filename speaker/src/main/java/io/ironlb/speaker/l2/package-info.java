/**
 * The layer-2 data plane (METALLB-API §4.3-§4.5): answers ARP requests (RFC 826) and IPv6 Neighbor
 * Solicitations (RFC 4861) for the Service IPs this node owns, and sends gratuitous ARP and
 * unsolicited Neighbor Advertisements when it takes an IP over.
 *
 * <p>{@link io.ironlb.speaker.l2.L2Announcer} is the entry point; {@link
 * io.ironlb.speaker.l2.InterfaceScanner} says which interfaces to use; {@link
 * io.ironlb.speaker.l2.PacketTransport} moves raw frames ({@link
 * io.ironlb.speaker.l2.Pcap4jTransport} on a real interface, {@link
 * io.ironlb.speaker.l2.InMemoryPacketTransport} on an {@link io.ironlb.speaker.l2.InMemorySegment}
 * in tests). Frames are decoded by {@code io.ironlb.speaker.l2.wire}.
 */
package io.ironlb.speaker.l2;
