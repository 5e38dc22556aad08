package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.config;
import static io.ironlb.speaker.bgp.session.Fixtures.peerOpen;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.CONNECT_RETRY;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.IDLE_HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.KEEPALIVE;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.session.FsmAction.AnnounceRoutes;
import io.ironlb.speaker.bgp.session.FsmAction.Close;
import io.ironlb.speaker.bgp.session.FsmAction.Dial;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmAction.StateChange;
import io.ironlb.speaker.bgp.session.FsmAction.StopTimer;
import io.ironlb.speaker.bgp.session.FsmEvent.BfdDown;
import io.ironlb.speaker.bgp.session.FsmEvent.BgpOpen;
import io.ironlb.speaker.bgp.session.FsmEvent.DecodeError;
import io.ironlb.speaker.bgp.session.FsmEvent.KeepaliveMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStart;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStop;
import io.ironlb.speaker.bgp.session.FsmEvent.NotifMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.RouteRefreshMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionConfirmed;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionFails;
import io.ironlb.speaker.bgp.session.FsmEvent.UpdateMsg;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.RouteRefresh;
import io.ironlb.speaker.bgp.wire.Update;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 4271 §8 transitions, each asserted as the exact list of actions, on a fake clock. */
class BgpFsmTest {

  static final Connection OUT = Connection.outbound(1);
  static final Connection IN = Connection.inbound(1);

  private final FsmClock clock = new FsmClock(new BgpFsm(config()));

  @Test
  void activeOpeningReachesEstablished() {
    Duration s90 = Duration.ofSeconds(90);
    assertThat(clock.handle(new ManualStart()))
        .containsExactly(
            new Dial(OUT),
            new StartTimer(FsmTimer.of(CONNECT_RETRY), Duration.ofSeconds(10)),
            new StateChange(BgpState.IDLE, BgpState.CONNECT, "ManualStart"));
    assertThat(clock.handle(new TcpConnectionConfirmed(OUT)))
        .containsExactly(
            new Send(OUT, clock.fsm().ourOpen()),
            new StartTimer(FsmTimer.of(HOLD, OUT), Duration.ofMinutes(4)),
            new StopTimer(FsmTimer.of(CONNECT_RETRY)),
            new StateChange(BgpState.CONNECT, BgpState.OPEN_SENT, "TCP connection out#1 up"));
    assertThat(clock.handle(new BgpOpen(OUT, peerOpen(90))))
        .containsExactly(
            new Send(OUT, Keepalive.INSTANCE),
            new StartTimer(FsmTimer.of(HOLD, OUT), s90),
            new StartTimer(FsmTimer.of(KEEPALIVE, OUT), Duration.ofSeconds(30)),
            new StateChange(
                BgpState.OPEN_SENT, BgpState.OPEN_CONFIRM, "OPEN received from 10.0.0.2"));
    assertThat(clock.handle(new KeepaliveMsg(OUT)))
        .containsExactly(
            new StartTimer(FsmTimer.of(HOLD, OUT), s90),
            new StartTimer(FsmTimer.of(STABLE), Duration.ofSeconds(60)),
            new StateChange(BgpState.OPEN_CONFIRM, BgpState.ESTABLISHED, "KEEPALIVE received"),
            new AnnounceRoutes(OUT, Set.of(AddressFamily.IPV4_UNICAST)),
            new Send(OUT, Update.endOfRib(AddressFamily.IPV4_UNICAST)));
    assertThat(clock.fsm().negotiated().orElseThrow().holdTime()).isEqualTo(s90);
    assertThat(clock.fsm().establishedConnection()).contains(OUT);
  }

  @Test
  void passiveOpeningReachesEstablishedAndAbandonsTheDial() {
    clock.handle(new ManualStart());
    assertThat(clock.handle(new TcpConnectionConfirmed(IN)))
        .containsExactly(
            new Send(IN, clock.fsm().ourOpen()),
            new StartTimer(FsmTimer.of(HOLD, IN), Duration.ofMinutes(4)),
            new StopTimer(FsmTimer.of(CONNECT_RETRY)),
            new StateChange(BgpState.CONNECT, BgpState.OPEN_SENT, "TCP connection in#1 up"));
    clock.handle(new BgpOpen(IN, peerOpen(90)));
    assertThat(clock.handle(new KeepaliveMsg(IN)))
        .containsExactly(
            new StartTimer(FsmTimer.of(HOLD, IN), Duration.ofSeconds(90)),
            new Close(OUT),
            new StartTimer(FsmTimer.of(STABLE), Duration.ofSeconds(60)),
            new StateChange(BgpState.OPEN_CONFIRM, BgpState.ESTABLISHED, "KEEPALIVE received"),
            new AnnounceRoutes(IN, Set.of(AddressFamily.IPV4_UNICAST)),
            new Send(IN, Update.endOfRib(AddressFamily.IPV4_UNICAST)));
    // the abandoned dial completing later is closed at once
    assertThat(clock.handle(new TcpConnectionConfirmed(OUT))).containsExactly(new Close(OUT));
  }

  @Test
  void activeOpeningInActiveStateAfterAFailedDial() {
    clock.handle(new ManualStart());
    assertThat(clock.handle(new TcpConnectionFails(OUT)))
        .containsExactly(
            new StartTimer(FsmTimer.of(CONNECT_RETRY), Duration.ofSeconds(1)),
            new StateChange(BgpState.CONNECT, BgpState.ACTIVE, "dial failed"));
    assertThat(clock.advance(Duration.ofSeconds(1)))
        .containsExactly(
            new Dial(Connection.outbound(2)),
            new StartTimer(FsmTimer.of(CONNECT_RETRY), Duration.ofSeconds(10)),
            new StateChange(BgpState.ACTIVE, BgpState.CONNECT, "ConnectRetryTimer expired"));
  }

  @Test
  void connectRetryExpiryAbandonsAHangingDialAndDialsAgain() {
    clock.handle(new ManualStart());
    assertThat(clock.advance(Duration.ofSeconds(10)))
        .containsExactly(
            new Close(OUT),
            new Dial(Connection.outbound(2)),
            new StartTimer(FsmTimer.of(CONNECT_RETRY), Duration.ofSeconds(10)));
  }

  @Test
  void holdTimerExpiresExactlyAtTheNegotiatedHoldTime() {
    established(30); // the peer proposes 30 s: min(90, 30)
    assertThat(clock.fsm().negotiated().orElseThrow().keepaliveTime())
        .isEqualTo(Duration.ofSeconds(10));
    List<FsmAction> before = clock.advance(Duration.ofSeconds(30).minusMillis(1));
    assertThat(before)
        .containsOnly(
            new Send(OUT, Keepalive.INSTANCE),
            new StartTimer(FsmTimer.of(KEEPALIVE, OUT), Duration.ofSeconds(10)));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
    // at 30 s our third KEEPALIVE is due too: the hold timer, started first, wins
    assertThat(clock.advance(Duration.ofMillis(1)))
        .containsExactly(
            new Send(OUT, new Notification(BgpError.HOLD_TIMER_EXPIRED)),
            new Close(OUT),
            new StopTimer(FsmTimer.of(KEEPALIVE, OUT)),
            new StopTimer(FsmTimer.of(STABLE)),
            new StartTimer(FsmTimer.of(IDLE_HOLD), Duration.ofSeconds(1)),
            new StateChange(BgpState.ESTABLISHED, BgpState.IDLE, "hold timer expired"));
  }

  @Test
  void anyMessageRestartsTheHoldTimer() {
    established(90);
    clock.advance(Duration.ofSeconds(80));
    clock.handle(new UpdateMsg(OUT, Update.endOfRib(AddressFamily.IPV4_UNICAST)));
    clock.advance(Duration.ofSeconds(80));
    clock.handle(new KeepaliveMsg(OUT));
    clock.advance(Duration.ofSeconds(89));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
    assertThat(clock.dueAt(FsmTimer.of(HOLD, OUT))).contains(Duration.ofSeconds(160 + 90));
  }

  @Test
  void keepalivesGoOutEveryKeepaliveInterval() {
    established(90);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(20));
      clock.handle(new KeepaliveMsg(OUT)); // the peer keeps the session up
    }
    List<Duration> sentAt = new ArrayList<>();
    for (FsmClock.Timed t : clock.log()) {
      if (t.action() instanceof Send s && s.message() instanceof Keepalive) {
        sentAt.add(t.at());
      }
    }
    assertThat(sentAt)
        .containsExactly(
            Duration.ZERO, // answering the OPEN (RFC 4271 §8.2.2 OpenSent)
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(90),
            Duration.ofSeconds(120),
            Duration.ofSeconds(150),
            Duration.ofSeconds(180));
  }

  @Test
  void holdTimeZeroMeansNoKeepalivesAndNoHoldTimer() {
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    assertThat(clock.handle(new BgpOpen(OUT, peerOpen(0))))
        .containsExactly(
            new Send(OUT, Keepalive.INSTANCE),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StateChange(
                BgpState.OPEN_SENT, BgpState.OPEN_CONFIRM, "OPEN received from 10.0.0.2"));
    clock.handle(new KeepaliveMsg(OUT));
    assertThat(clock.advance(Duration.ofHours(1))).isEmpty(); // STABLE fired: no action
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
  }

  @Test
  void notificationReceivedGoesIdleAndBacksOff() {
    established(90);
    assertThat(
            clock.handle(new NotifMsg(OUT, new Notification(BgpError.CEASE_ADMINISTRATIVE_RESET))))
        .containsExactly(
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StopTimer(FsmTimer.of(KEEPALIVE, OUT)),
            new StopTimer(FsmTimer.of(STABLE)),
            new StartTimer(FsmTimer.of(IDLE_HOLD), Duration.ofSeconds(1)),
            new StateChange(
                BgpState.ESTABLISHED,
                BgpState.IDLE,
                "peer sent NOTIFICATION CEASE_ADMINISTRATIVE_RESET(6,4)"));
    assertThat(clock.advance(Duration.ofSeconds(1)))
        .containsExactly(
            new Dial(Connection.outbound(2)),
            new StartTimer(FsmTimer.of(CONNECT_RETRY), Duration.ofSeconds(10)),
            new StateChange(BgpState.IDLE, BgpState.CONNECT, "IdleHoldTimer expired"));
  }

  @Test
  void decodeErrorSendsTheCodecsNotificationThenIdle() {
    established(90);
    BgpCodecException error =
        new BgpCodecException(BgpError.BAD_MESSAGE_LENGTH, new byte[] {0x10, 0x01}, "too long");
    assertThat(clock.handle(new DecodeError(OUT, error)))
        .containsExactly(
            new Send(OUT, new Notification(BgpError.BAD_MESSAGE_LENGTH, new byte[] {0x10, 0x01})),
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StopTimer(FsmTimer.of(KEEPALIVE, OUT)),
            new StopTimer(FsmTimer.of(STABLE)),
            new StartTimer(FsmTimer.of(IDLE_HOLD), Duration.ofSeconds(1)),
            new StateChange(
                BgpState.ESTABLISHED, BgpState.IDLE, "malformed message: " + error.getMessage()));
  }

  @Test
  void routeRefreshAsksForTheFamilyAgain() {
    established(90);
    assertThat(clock.handle(new RouteRefreshMsg(OUT, new RouteRefresh(1, 1))))
        .containsExactly(
            new StartTimer(FsmTimer.of(HOLD, OUT), Duration.ofSeconds(90)),
            new AnnounceRoutes(OUT, Set.of(AddressFamily.IPV4_UNICAST)));
    // RFC 2918 §4: a family not negotiated is ignored
    assertThat(clock.handle(new RouteRefreshMsg(OUT, new RouteRefresh(2, 1))))
        .containsExactly(new StartTimer(FsmTimer.of(HOLD, OUT), Duration.ofSeconds(90)));
  }

  @Test
  void receivedUpdatesAreIgnoredWhateverTheirNumber() {
    established(90);
    Update update = new Update(List.of(Prefix.parse("192.0.2.0/24")), List.of(), List.of());
    for (int i = 0; i < 10_000; i++) {
      assertThat(clock.handle(new UpdateMsg(OUT, update)))
          .containsExactly(new StartTimer(FsmTimer.of(HOLD, OUT), Duration.ofSeconds(90)));
    }
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
  }

  @Test
  void bfdDownDropsTheSessionWithCeaseBfdDown() {
    established(90);
    List<FsmAction> actions = clock.handle(new BfdDown());
    assertThat(actions.get(0)).isEqualTo(new Send(OUT, new Notification(BgpError.CEASE_BFD_DOWN)));
    assertThat(actions)
        .contains(
            new Close(OUT),
            new StartTimer(FsmTimer.of(IDLE_HOLD), Duration.ofSeconds(1)),
            new StateChange(BgpState.ESTABLISHED, BgpState.IDLE, "BFD down"));
  }

  @Test
  void manualStopSendsCeaseAndStaysIdle() {
    established(90);
    assertThat(clock.handle(new ManualStop(BgpError.CEASE_PEER_DECONFIGURED)))
        .containsExactly(
            new Send(OUT, new Notification(BgpError.CEASE_PEER_DECONFIGURED)),
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StopTimer(FsmTimer.of(KEEPALIVE, OUT)),
            new StopTimer(FsmTimer.of(STABLE)),
            new StateChange(
                BgpState.ESTABLISHED, BgpState.IDLE, "ManualStop (CEASE_PEER_DECONFIGURED(6,3))"));
    assertThat(clock.advance(Duration.ofHours(1))).isEmpty();
  }

  @Test
  void peerReconnectingReplacesItsStaleInboundConnection() {
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(IN));
    Connection again = Connection.inbound(2);
    assertThat(clock.handle(new TcpConnectionConfirmed(again)))
        .containsExactly(
            new Close(IN),
            new StopTimer(FsmTimer.of(HOLD, IN)),
            new Send(again, clock.fsm().ourOpen()),
            new StartTimer(FsmTimer.of(HOLD, again), Duration.ofMinutes(4)));
  }

  @Test
  void idleRefusesInboundConnectionsWhileBackingOff() {
    established(90);
    clock.handle(new NotifMsg(OUT, new Notification(BgpError.CEASE)));
    assertThat(clock.handle(new TcpConnectionConfirmed(IN))).containsExactly(new Close(IN));
  }

  @Test
  void unexpectedMessagesAreFsmErrors() {
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    assertThat(clock.handle(new KeepaliveMsg(OUT)).get(0))
        .isEqualTo(new Send(OUT, new Notification(BgpError.FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT)));

    FsmClock other = new FsmClock(new BgpFsm(config()));
    other.handle(new ManualStart());
    other.handle(new TcpConnectionConfirmed(OUT));
    other.handle(new BgpOpen(OUT, peerOpen(90)));
    assertThat(other.handle(new UpdateMsg(OUT, Update.endOfRib(AddressFamily.IPV4_UNICAST))).get(0))
        .isEqualTo(
            new Send(OUT, new Notification(BgpError.FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM)));

    FsmClock third = new FsmClock(new BgpFsm(config()));
    established(third, 90);
    assertThat(third.handle(new BgpOpen(OUT, peerOpen(90))).get(0))
        .isEqualTo(new Send(OUT, new Notification(BgpError.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED)));
  }

  /** Active opening up to Established with the peer proposing {@code peerHold} seconds. */
  private void established(int peerHold) {
    established(clock, peerHold);
  }

  static void established(FsmClock clock, int peerHold) {
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    clock.handle(new BgpOpen(OUT, peerOpen(peerHold)));
    clock.handle(new KeepaliveMsg(OUT));
    assertThat(clock.fsm().state()).isEqualTo(BgpState.ESTABLISHED);
  }
}
