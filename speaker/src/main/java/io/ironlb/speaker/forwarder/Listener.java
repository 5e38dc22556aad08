package io.ironlb.speaker.forwarder;

import java.util.List;

/**
 * One open {@code VIP:port} of one Service: TCP or UDP. Methods are called under the forwarder's
 * lock.
 */
sealed interface Listener permits TcpListener, UdpListener {

  /**
   * Applies new settings to new connections and flows; open ones keep going (to their target, with
   * their settings), unless their target left the set and they end on their own.
   */
  void update(ListenerSettings settings);

  /** The targets' counters. */
  List<TargetStats> targetStats();

  /** Stops accepting and closes every connection and flow of this listener. */
  void close();
}
