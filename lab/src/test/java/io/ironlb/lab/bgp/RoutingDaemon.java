package io.ironlb.lab.bgp;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A real routing daemon (FRR, BIRD, GoBGP) running in its own {@link RouterNamespace}, peering with
 * one IronLB session at a time, and answering from its own CLI. Closing it stops the daemon by the
 * PID the test started.
 */
interface RoutingDaemon extends AutoCloseable {

  /** {@code "FRR 8.4"}, ... for messages. */
  String name();

  RouterNamespace namespace();

  /** The daemon's own AS. */
  long asn();

  /** Replaces whatever peering the daemon had with IronLB by {@code peer}. */
  void peer(DaemonPeer peer);

  /** Removes the peering with IronLB. */
  void unpeer();

  /** Whether the daemon's session with {@code neighbor} is Established. */
  boolean established(InetAddress neighbor);

  /** The route for exactly {@code prefix}, learned from {@code neighbor}, if the daemon has it. */
  Optional<RibRoute> route(String prefix, InetAddress neighbor);

  /** Whether the daemon's last error with {@code neighbor} is a received Bad Peer AS (2,2). */
  boolean receivedBadPeerAs(InetAddress neighbor);

  /** The daemon's view of the session and the tail of its log, for failure messages. */
  String diagnostics();

  @Override
  void close();
}
