/**
 * Speaker membership: which speakers are alive, detected in well under a second with UDP heartbeats
 * between every pair of speakers (full mesh), and whether this speaker still sees enough of them to
 * keep announcing (quorum, self-fencing).
 *
 * <p>{@link io.ironlb.speaker.membership.Membership} is the pure state machine (fake clock in
 * tests), {@link io.ironlb.speaker.membership.HeartbeatCodec} the one versioned wire format, and
 * {@link io.ironlb.speaker.membership.UdpMembership} runs both on a {@code DatagramChannel} with a
 * single daemon thread. See {@code docs/membership.md}.
 */
package io.ironlb.speaker.membership;
