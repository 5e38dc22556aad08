package io.ironlb.lab.bgp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How a daemon is told to peer with IronLB's session.
 *
 * @param address IronLB's address (the daemon's neighbor)
 * @param remoteAs the AS the daemon expects from IronLB
 * @param password the TCP MD5 password, when set
 * @param bfd whether the daemon runs BFD (100 ms x 3) with this neighbor
 * @param holdSeconds the hold time the daemon proposes (keepalive a third of it)
 */
record DaemonPeer(
    InetAddress address, long remoteAs, Optional<String> password, boolean bfd, int holdSeconds) {

  /** A plain peering: no MD5, no BFD, hold 9 s. */
  static DaemonPeer of(InetAddress address, long remoteAs) {
    return new DaemonPeer(address, remoteAs, Optional.empty(), false, 9);
  }

  DaemonPeer withPassword(String password) {
    return new DaemonPeer(address, remoteAs, Optional.of(password), bfd, holdSeconds);
  }

  DaemonPeer withBfd() {
    return new DaemonPeer(address, remoteAs, password, true, holdSeconds);
  }

  DaemonPeer withHold(int seconds) {
    return new DaemonPeer(address, remoteAs, password, bfd, seconds);
  }

  boolean ipv6() {
    return address instanceof Inet6Address;
  }

  int keepaliveSeconds() {
    return Math.max(1, holdSeconds / 3);
  }
}
