/**
 * Bounded decoders and encoders for the frames the layer-2 data plane reads and writes: Ethernet II
 * (802.1Q/802.1ad tags skipped), ARP for Ethernet/IPv4 (RFC 826) and IPv6 Neighbor Discovery
 * Neighbor Solicitation / Advertisement (RFC 4861) with the ICMPv6 checksum (RFC 4443 §2.3).
 *
 * <p>Every decoder reads only inside {@code [0, length)} of the array it is given, never returns
 * null and throws {@link io.ironlb.speaker.l2.wire.MalformedFrameException} on anything truncated
 * or inconsistent. All codecs are stateless and thread-safe.
 */
package io.ironlb.speaker.l2.wire;
