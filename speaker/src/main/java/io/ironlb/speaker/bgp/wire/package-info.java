/**
 * The BGP-4 wire format (RFC 4271 §4) spoken by the speaker: messages as records of the sealed
 * {@link io.ironlb.speaker.bgp.wire.BgpMessage}, one codec class per message type, the Netty {@link
 * io.ironlb.speaker.bgp.wire.BgpMessageDecoder} / {@link
 * io.ironlb.speaker.bgp.wire.BgpMessageEncoder}, RFC 7606 error handling, and the {@link
 * io.ironlb.speaker.bgp.wire.UpdatePacker}. Capabilities live in {@code .cap}, path attributes in
 * {@code .attr}. See {@code docs/bgp-wire.md}.
 */
package io.ironlb.speaker.bgp.wire;
