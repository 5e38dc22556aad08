package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.Update;

/**
 * Told what a session does, for status and metrics. Called on the session's event loop; must not
 * block and must not throw.
 */
public interface SessionListener {

  /** The session went from {@code from} to {@code to}. */
  void stateChanged(String peer, BgpState from, BgpState to, String reason);

  /** An UPDATE arrived (decoded, then ignored by the session). */
  default void updateReceived(String peer, Update update) {}

  /** UPDATEs went out: {@code count} messages. */
  default void updatesSent(String peer, int count) {}

  /** The session will not start: {@code reason} says why (e.g. MD5 without epoll). */
  default void refused(String peer, String reason) {}

  /** Listens to nothing. */
  SessionListener NONE = (peer, from, to, reason) -> {};
}
