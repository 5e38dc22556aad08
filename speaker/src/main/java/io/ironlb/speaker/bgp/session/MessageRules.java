package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.KEEPALIVE;

import io.ironlb.speaker.bgp.session.FsmAction.AnnounceRoutes;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmEvent.BgpOpen;
import io.ironlb.speaker.bgp.session.FsmEvent.DecodeError;
import io.ironlb.speaker.bgp.session.FsmEvent.KeepaliveMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.NotifMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.Received;
import io.ironlb.speaker.bgp.session.FsmEvent.RouteRefreshMsg;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.Update;
import java.util.List;
import java.util.Set;

/** What a message received on one connection does, by the connection's phase (RFC 4271 §8.2.2). */
final class MessageRules {

  private final BgpFsm fsm;
  private final PeerConnection pc;

  MessageRules(BgpFsm fsm, PeerConnection pc) {
    this.fsm = fsm;
    this.pc = pc;
  }

  void apply(Received message) {
    if (message instanceof NotifMsg n
        && n.notification().error() == BgpError.CEASE_CONNECTION_COLLISION_RESOLUTION) {
      // RFC 4271 §6.8 resolved by the peer: the connection it keeps is on its way
      fsm.collisionLost(
          pc, "peer closed " + pc.connection() + " to resolve a connection collision");
    } else if (message instanceof NotifMsg n) {
      // Event 24/25 in any state: close, Idle (no NOTIFICATION back, RFC 4271 §4.5)
      fsm.drop(pc, "peer sent NOTIFICATION " + n.notification().error());
    } else if (message instanceof DecodeError d) {
      // Events 21, 22, 28: the codec's error goes back as a NOTIFICATION (RFC 4271 §6)
      BgpCodecException e = d.error();
      fsm.out().add(new Send(pc.connection(), e.toNotification()));
      fsm.drop(pc, "malformed message: " + e.getMessage());
    } else {
      switch (pc.phase()) {
        case OPEN_SENT -> openSent(message);
        case OPEN_CONFIRM -> openConfirm(message);
        default -> established(message);
      }
    }
  }

  // §8.2.2 OpenSent: only an OPEN is expected; anything else is an FSM error (RFC 6608 (5,1))
  private void openSent(Received message) {
    if (message instanceof BgpOpen open) {
      opened(open.open());
    } else {
      fsm.drop(pc, BgpError.FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT, "unexpected " + name(message));
    }
  }

  // §8.2.2 OpenConfirm: KEEPALIVE completes the session; anything else is (5,2)
  private void openConfirm(Received message) {
    if (message instanceof KeepaliveMsg) {
      establish();
    } else {
      fsm.drop(pc, BgpError.FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM, "unexpected " + name(message));
    }
  }

  // §8.2.2 Established: every message restarts the Hold timer (RFC 4271 §4.4); OPEN is (5,3)
  private void established(Received message) {
    if (message instanceof BgpOpen) {
      fsm.drop(pc, BgpError.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED, "unexpected OPEN");
      return;
    }
    restartHold();
    if (message instanceof RouteRefreshMsg r) {
      AddressFamily family = new AddressFamily(r.refresh().afi(), r.refresh().safi());
      // RFC 2918 §4: resend our routes of that family; a family not negotiated is ignored
      if (negotiated().families().contains(family)) {
        fsm.out().add(new AnnounceRoutes(pc.connection(), Set.of(family)));
      }
    }
    // UPDATEs were decoded (errors caught) and are ignored: IronLB uses no received route
  }

  private void opened(Open open) {
    Negotiated terms;
    try {
      terms = fsm.policy().accept(open);
    } catch (BgpCodecException e) {
      fsm.out().add(new Send(pc.connection(), e.toNotification()));
      fsm.drop(pc, "OPEN rejected: " + e.getMessage());
      return;
    }
    if (Collisions.resolve(fsm, pc, terms.peerId())) {
      return; // this connection lost
    }
    pc.openConfirm(terms);
    fsm.out().add(new Send(pc.connection(), Keepalive.INSTANCE));
    if (terms.holdTime().isZero()) {
      fsm.timers().stop(FsmTimer.of(HOLD, pc.connection())); // §4.2: hold time 0, no timers
    } else {
      fsm.timers().start(FsmTimer.of(HOLD, pc.connection()), terms.holdTime());
      fsm.timers().start(FsmTimer.of(KEEPALIVE, pc.connection()), terms.keepaliveTime());
    }
    fsm.update("OPEN received from " + terms.peerId().getHostAddress());
  }

  // §8.2.2 OpenConfirm Event 26; RFC 4724 §2: End-of-RIB after the initial UPDATEs
  private void establish() {
    pc.established();
    restartHold();
    fsm.establishedOn(pc);
    fsm.update("KEEPALIVE received");
    List<AddressFamily> families =
        fsm.config().orderedFamilies().stream().filter(negotiated().families()::contains).toList();
    fsm.out().add(new AnnounceRoutes(pc.connection(), Set.copyOf(families)));
    families.forEach(f -> fsm.out().add(new Send(pc.connection(), Update.endOfRib(f))));
  }

  private void restartHold() {
    if (!negotiated().holdTime().isZero()) {
      fsm.timers().start(FsmTimer.of(HOLD, pc.connection()), negotiated().holdTime());
    }
  }

  private Negotiated negotiated() {
    return pc.negotiated().orElseThrow();
  }

  private static String name(Received message) {
    return message.getClass().getSimpleName();
  }
}
