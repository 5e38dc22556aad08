package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Notification;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * Connection collision detection (RFC 4271 §6.8). Both sides dial and accept, so two connections to
 * one peer are normal. When the peer's OPEN arrives on one, its BGP identifier is known and every
 * other connection to the peer is compared with it: the connection initiated by the side with the
 * higher BGP identifier stays, the other is closed with Cease / Connection Collision Resolution
 * (6,7). Established connections are compared too (RFC 4271 §8.1.1 CollisionDetectEstablishedState
 * on): otherwise, when one side is already Established on the connection the other side's rule
 * closes, both connections die; with the identifier rule on both sides they agree.
 */
final class Collisions {

  private Collisions() {}

  /** Resolves collisions of {@code arrived}; true when {@code arrived} itself was closed. */
  static boolean resolve(BgpFsm fsm, PeerConnection arrived, Inet4Address peerId) {
    for (PeerConnection other : fsm.connections()) {
      if (other == arrived) {
        continue;
      }
      PeerConnection loser = loser(fsm, arrived, other, peerId);
      fsm.out()
          .add(
              new FsmAction.Send(
                  loser.connection(),
                  new Notification(BgpError.CEASE_CONNECTION_COLLISION_RESOLUTION)));
      fsm.collisionLost(loser, "connection collision: closed " + loser.connection());
      if (loser == arrived) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 4271 §6.8: "if the value of the local BGP Identifier is less than the remote one, the local
   * system closes the BGP connection that already exists [...] and accepts the BGP connection
   * initiated by the remote system"; so the higher identifier's own connection survives.
   */
  private static PeerConnection loser(
      BgpFsm fsm, PeerConnection a, PeerConnection b, Inet4Address peerId) {
    boolean keepOurs = unsigned(fsm.config().routerId()) > unsigned(peerId);
    if (a.connection().outbound() == b.connection().outbound()) {
      // two inbound connections (one dial at a time): the peer reconnected, keep the newer
      return a.connection().id() > b.connection().id() ? b : a;
    }
    return a.connection().outbound() == keepOurs ? b : a;
  }

  static long unsigned(Inet4Address id) {
    return ByteBuffer.wrap(id.getAddress()).getInt() & 0xFFFF_FFFFL;
  }
}
