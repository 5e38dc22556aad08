package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.config;
import static io.ironlb.speaker.bgp.session.Fixtures.peerOpen;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.IDLE_HOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.session.FsmAction.Dial;
import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmEvent.BgpOpen;
import io.ironlb.speaker.bgp.session.FsmEvent.KeepaliveMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStart;
import io.ironlb.speaker.bgp.session.FsmEvent.NotifMsg;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionConfirmed;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionFails;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Notification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconnect backoff: 1 s doubling to 2 min, reset once a session stayed up (RFC 4271 §8.1.1). */
class BgpFsmBackoffTest {

  private final FsmClock clock = new FsmClock(new BgpFsm(config()));

  @Test
  void peerSendingNotificationsInALoopIsRetriedWithDoublingWaits() {
    clock.handle(new ManualStart());
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Connection c = lastDial();
      clock.handle(new TcpConnectionConfirmed(c));
      clock.handle(new BgpOpen(c, peerOpen(90)));
      clock.handle(new KeepaliveMsg(c));
      waits.add(idleHoldOf(clock.handle(new NotifMsg(c, new Notification(BgpError.CEASE)))));
      clock.advance(waits.get(i)); // dials again exactly when the wait is over
      assertThat(clock.fsm().state()).isEqualTo(BgpState.CONNECT);
    }
    assertThat(waits)
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L, 120L);
  }

  @Test
  void failedDialsBackOffTheSameWay() {
    clock.handle(new ManualStart());
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      List<FsmAction> actions = clock.handle(new TcpConnectionFails(lastDial()));
      Duration wait = ((StartTimer) actions.get(0)).delay();
      waits.add(wait.toSeconds());
      clock.advance(wait);
    }
    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L);
  }

  @Test
  void backoffStartsOverAfterAStableSession() {
    clock.handle(new ManualStart());
    for (int i = 0; i < 4; i++) { // 1, 2, 4, 8
      clock.advance(
          clock.handle(new TcpConnectionFails(lastDial())).stream()
              .map(a -> ((StartTimer) a).delay())
              .findFirst()
              .orElseThrow());
    }
    Connection c = lastDial();
    clock.handle(new TcpConnectionConfirmed(c));
    clock.handle(new BgpOpen(c, peerOpen(0)));
    clock.handle(new KeepaliveMsg(c));
    clock.advance(Backoff.STABLE.minusSeconds(1));
    // not yet stable: the backoff went on doubling
    assertThat(idleHoldOf(clock.handle(new NotifMsg(c, new Notification(BgpError.CEASE)))))
        .isEqualTo(Duration.ofSeconds(16));

    clock.advance(Duration.ofSeconds(16));
    Connection d = lastDial();
    clock.handle(new TcpConnectionConfirmed(d));
    clock.handle(new BgpOpen(d, peerOpen(0)));
    clock.handle(new KeepaliveMsg(d));
    clock.advance(Backoff.STABLE);
    assertThat(idleHoldOf(clock.handle(new NotifMsg(d, new Notification(BgpError.CEASE)))))
        .isEqualTo(Duration.ofSeconds(1));
  }

  private Connection lastDial() {
    for (int i = clock.log().size() - 1; i >= 0; i--) {
      if (clock.log().get(i).action() instanceof Dial d) {
        return d.connection();
      }
    }
    throw new AssertionError("no dial yet");
  }

  private static Duration idleHoldOf(List<FsmAction> actions) {
    return actions.stream()
        .filter(a -> a instanceof StartTimer s && s.timer().equals(FsmTimer.of(IDLE_HOLD)))
        .map(a -> ((StartTimer) a).delay())
        .findFirst()
        .orElseThrow();
  }
}
