/**
 * The BGP session (RFC 4271 §8): {@link io.ironlb.speaker.bgp.session.BgpFsm} is the pure finite
 * state machine (events in, actions out, no threads, no Netty), tested with a fake clock; {@link
 * io.ironlb.speaker.bgp.session.BgpSession} runs it for one peer on a Netty event loop, dialling
 * out and accepting the connections a {@link io.ironlb.speaker.bgp.session.BgpListener} hands it,
 * and announces what its {@link io.ironlb.speaker.bgp.session.RouteSource} holds. See {@code
 * docs/bgp-session.md}.
 */
package io.ironlb.speaker.bgp.session;
