/**
 * BFD (RFC 5880 asynchronous mode, RFC 5881 single hop, RFC 5883 multihop): sub-second detection of
 * a dead BGP peer.
 *
 * <p>{@link io.ironlb.speaker.bgp.bfd.BfdPacketCodec} is the control packet wire format, {@link
 * io.ironlb.speaker.bgp.bfd.BfdSession} the pure state machine (time passed in, tested with a fake
 * clock), {@link io.ironlb.speaker.bgp.bfd.BfdSessions} the per-peer registry and {@link
 * io.ironlb.speaker.bgp.bfd.BfdUdpTransport} runs them on a Netty datagram channel. See {@code
 * docs/bfd.md}.
 */
package io.ironlb.speaker.bgp.bfd;
