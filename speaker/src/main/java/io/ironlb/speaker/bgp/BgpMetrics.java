package io.ironlb.speaker.bgp;

import io.ironlb.speaker.bgp.bfd.BfdState;
import io.ironlb.speaker.bgp.session.BgpState;

/**
 * What the BGP side reports for metrics, by peer label ({@code "address:port"}, MetalLB's {@code
 * peer} label). Called from event-loop threads; must be quick and must not throw.
 */
public interface BgpMetrics {

  /** The session's state changed. */
  void sessionState(String peer, BgpState state);

  /** {@code count} UPDATE messages went out. */
  void updatesSent(String peer, int count);

  /** The session should announce {@code count} prefixes now. */
  void prefixes(String peer, int count);

  /** The peer's BFD session changed state. */
  void bfdState(String peer, BfdState from, BfdState to);

  /** The session is gone: drop its series. */
  void removed(String peer);

  /** Reports nothing. */
  BgpMetrics NONE =
      new BgpMetrics() {
        @Override
        public void sessionState(String peer, BgpState state) {}

        @Override
        public void updatesSent(String peer, int count) {}

        @Override
        public void prefixes(String peer, int count) {}

        @Override
        public void bfdState(String peer, BfdState from, BfdState to) {}

        @Override
        public void removed(String peer) {}
      };
}
