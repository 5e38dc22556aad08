package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.PEER_ID;
import static io.ironlb.speaker.bgp.session.Fixtures.ipv4;
import static io.ironlb.speaker.bgp.session.Fixtures.peerOpen;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.KEEPALIVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.session.FsmAction.Close;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmAction.StateChange;
import io.ironlb.speaker.bgp.session.FsmAction.StopTimer;
import io.ironlb.speaker.bgp.session.FsmEvent.BgpOpen;
import io.ironlb.speaker.bgp.session.FsmEvent.KeepaliveMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStart;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionConfirmed;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Notification;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 4271 §6.8: the connection initiated by the higher BGP identifier survives. */
class BgpFsmCollisionTest {

  static final Connection OUT = Connection.outbound(1);
  static final Connection IN = Connection.inbound(1);
  static final Notification COLLISION =
      new Notification(BgpError.CEASE_CONNECTION_COLLISION_RESOLUTION);

  @Test
  void peerWithTheHigherIdentifierKeepsItsOwnConnection() {
    FsmClock clock = bothOpenSent(ipv4("10.0.0.1")); // ours < 10.0.0.2
    // the OPEN arrives on our outbound connection: it loses
    assertThat(clock.handle(new BgpOpen(OUT, peerOpen(90))))
        .containsExactly(
            new Send(OUT, COLLISION), new Close(OUT), new StopTimer(FsmTimer.of(HOLD, OUT)));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.OPEN_SENT);
    assertThat(clock.handle(new BgpOpen(IN, peerOpen(90))).get(0))
        .isEqualTo(new Send(IN, Keepalive.INSTANCE));
    clock.handle(new KeepaliveMsg(IN));
    assertThat(clock.fsm().establishedConnection()).contains(IN);
  }

  @Test
  void weKeepOurConnectionWhenOurIdentifierIsHigher() {
    FsmClock clock = bothOpenSent(ipv4("10.0.0.3")); // ours > 10.0.0.2
    assertThat(clock.handle(new BgpOpen(OUT, peerOpen(90))))
        .containsExactly(
            new Send(IN, COLLISION),
            new Close(IN),
            new StopTimer(FsmTimer.of(HOLD, IN)),
            new Send(OUT, Keepalive.INSTANCE),
            new StartTimer(FsmTimer.of(HOLD, OUT), Duration.ofSeconds(90)),
            new StartTimer(FsmTimer.of(KEEPALIVE, OUT), Duration.ofSeconds(30)),
            new StateChange(
                BgpState.OPEN_SENT, BgpState.OPEN_CONFIRM, "OPEN received from 10.0.0.2"));
  }

  @Test
  void laterOpenOnTheLosingConnectionAlsoResolves() {
    // OPEN first on the connection that wins (ours higher, outbound), then a late inbound one
    FsmClock clock = new FsmClock(new BgpFsm(config(ipv4("10.0.0.3"))));
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    clock.handle(new BgpOpen(OUT, peerOpen(90)));
    clock.handle(new TcpConnectionConfirmed(IN)); // OpenConfirm on OUT, OpenSent on IN
    assertThat(clock.handle(new BgpOpen(IN, peerOpen(90))))
        .containsExactly(
            new Send(IN, COLLISION), new Close(IN), new StopTimer(FsmTimer.of(HOLD, IN)));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.OPEN_CONFIRM);
  }

  @Test
  void establishedConnectionLosesToTheHigherIdentifiersConnection() {
    // RFC 4271 §8.1.1 CollisionDetectEstablishedState: the peer (higher) may already have chosen
    FsmClock clock = new FsmClock(new BgpFsm(config(ipv4("10.0.0.1"))));
    BgpFsmTest.established(clock, 90);
    assertThat(clock.handle(new TcpConnectionConfirmed(IN)).get(0))
        .isEqualTo(new Send(IN, clock.fsm().ourOpen()));
    assertThat(clock.handle(new BgpOpen(IN, peerOpen(90))))
        .startsWith(
            new Send(OUT, COLLISION),
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StopTimer(FsmTimer.of(KEEPALIVE, OUT)),
            new StopTimer(FsmTimer.of(FsmTimer.Kind.STABLE)),
            new StateChange(
                BgpState.ESTABLISHED, BgpState.OPEN_SENT, "connection collision: closed out#1"));
    clock.handle(new KeepaliveMsg(IN));
    assertThat(clock.fsm().establishedConnection()).contains(IN);
  }

  @Test
  void establishedConnectionOfTheHigherIdentifierStays() {
    FsmClock clock = new FsmClock(new BgpFsm(config(ipv4("10.0.0.3"))));
    BgpFsmTest.established(clock, 90);
    clock.handle(new TcpConnectionConfirmed(IN));
    assertThat(clock.handle(new BgpOpen(IN, peerOpen(90))))
        .containsExactly(
            new Send(IN, COLLISION), new Close(IN), new StopTimer(FsmTimer.of(HOLD, IN)));
    assertThat(clock.fsm().establishedConnection()).contains(OUT);
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
  }

  @Test
  void collisionResolvedByThePeerWaitsInActiveForItsConnection() {
    FsmClock clock = new FsmClock(new BgpFsm(config(ipv4("10.0.0.1"))));
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    // the peer kept its own connection, which has not reached us yet
    assertThat(clock.handle(new FsmEvent.NotifMsg(OUT, COLLISION)))
        .containsExactly(
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StartTimer(FsmTimer.of(FsmTimer.Kind.CONNECT_RETRY), Duration.ofSeconds(10)),
            new StateChange(
                BgpState.OPEN_SENT,
                BgpState.ACTIVE,
                "peer closed out#1 to resolve a connection collision"));
    assertThat(clock.handle(new TcpConnectionConfirmed(IN)).get(0))
        .isEqualTo(new Send(IN, clock.fsm().ourOpen()));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.OPEN_SENT);
  }

  private static FsmClock bothOpenSent(Inet4Address ours) {
    FsmClock clock = new FsmClock(new BgpFsm(config(ours)));
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    clock.handle(new TcpConnectionConfirmed(IN));
    assertThat(clock.fsm().connections()).hasSize(2);
    assertThat(Collisions.unsigned(PEER_ID)).isEqualTo(0x0A000002L);
    return clock;
  }

  private static FsmConfig config(Inet4Address routerId) {
    return Fixtures.config(routerId, Set.of(AddressFamily.IPV4_UNICAST));
  }
}
