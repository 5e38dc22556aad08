package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.CONNECT_RETRY;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.IDLE_HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.KEEPALIVE;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.STABLE;

import io.ironlb.speaker.bgp.session.FsmAction.Close;
import io.ironlb.speaker.bgp.session.FsmAction.Dial;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmEvent.BfdDown;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStart;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStop;
import io.ironlb.speaker.bgp.session.FsmEvent.Received;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionConfirmed;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionFails;
import io.ironlb.speaker.bgp.session.FsmEvent.TimerExpires;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Open;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The BGP finite state machine of one peer (RFC 4271 §8), pure: {@link #handle} takes an event and
 * returns the actions to perform, in order; it never blocks, reads a clock or touches a socket. Not
 * thread-safe: one caller at a time (the session's event loop).
 *
 * <p>One FSM covers both connections of a peer (the dial and an accepted one): each connection that
 * sent our OPEN is tracked with its own phase and timers, collisions are resolved as soon as the
 * peer's BGP identifier is known (RFC 4271 §6.8), and the reported state is the most advanced
 * connection's, else Idle, Connect or Active. Every failure goes to Idle and restarts after the
 * {@link Backoff}; a failed dial waits in Active (still accepting) for the same backoff.
 */
public final class BgpFsm {

  /** RFC 4271 §8.2.2: the Hold timer in OpenSent is set to "a large value"; 4 min suggested. */
  static final Duration OPEN_HOLD_TIME = Duration.ofMinutes(4);

  private final FsmConfig config;
  private final OpenPolicy policy;
  private final Backoff backoff;
  private final FsmTimers timers = new FsmTimers();
  private final List<PeerConnection> connections = new ArrayList<>();
  private Optional<Connection> dialing = Optional.empty();
  private BgpState base = BgpState.IDLE;
  private BgpState state = BgpState.IDLE;
  private boolean started;
  private long nextDial = 1;
  private List<FsmAction> out = new ArrayList<>();

  public BgpFsm(FsmConfig config) {
    this.config = config;
    this.policy = new OpenPolicy(config);
    this.backoff = new Backoff(config.maxBackoff());
  }

  /** The session state. */
  public BgpState state() {
    return state;
  }

  /** The Established connection and its terms, if there is one. */
  public Optional<Connection> establishedConnection() {
    return established().map(PeerConnection::connection);
  }

  /** The terms of the Established connection. */
  public Optional<Negotiated> negotiated() {
    return established().flatMap(PeerConnection::negotiated);
  }

  /** The OPEN we send. */
  public Open ourOpen() {
    return policy.ourOpen();
  }

  /** Applies {@code event}; returns what to do, in order. */
  public List<FsmAction> handle(FsmEvent event) {
    out = new ArrayList<>();
    timers.output(out);
    if (event instanceof ManualStart) {
      start();
    } else if (event instanceof ManualStop stop) {
      stop(stop.cease());
    } else if (event instanceof TimerExpires expiry) {
      expired(expiry.timer());
    } else if (event instanceof TcpConnectionConfirmed confirmed) {
      connected(confirmed.connection());
    } else if (event instanceof TcpConnectionFails fails) {
      failed(fails.connection());
    } else if (event instanceof BfdDown) {
      bfdDown();
    } else if (event instanceof Received received) {
      find(received.connection()).ifPresent(pc -> new MessageRules(this, pc).apply(received));
    }
    return List.copyOf(out);
  }

  // RFC 4271 §8.2.2 Idle, Event 1: start the ConnectRetryTimer, dial, go to Connect
  private void start() {
    if (started) {
      return;
    }
    started = true;
    backoff.reset();
    dial("ManualStart");
  }

  private void dial(String reason) {
    Connection c = Connection.outbound(nextDial++);
    dialing = Optional.of(c);
    out.add(new Dial(c));
    timers.start(FsmTimer.of(CONNECT_RETRY), config.connectRetryTime());
    base = BgpState.CONNECT;
    update(reason);
  }

  // RFC 4271 §8.2.2, Event 2 in any state: NOTIFICATION Cease where an OPEN went out, then Idle
  private void stop(BgpError cease) {
    started = false;
    for (PeerConnection pc : List.copyOf(connections)) {
      out.add(new Send(pc.connection(), new Notification(cease)));
    }
    idle("ManualStop (" + cease + ")");
  }

  private void expired(FsmTimer timer) {
    if (!timers.expired(timer)) {
      return; // stopped or restarted meanwhile
    }
    switch (timer.kind()) {
      case IDLE_HOLD -> {
        if (started && connections.isEmpty()) {
          dial("IdleHoldTimer expired"); // RFC 4271 §8.1.2 Event 3/13: automatic start
        }
      }
      case CONNECT_RETRY -> {
        if (started && connections.isEmpty()) {
          dialing.ifPresent(c -> out.add(new Close(c))); // §8.2.2 Connect, Event 9: drop, redial
          dialing = Optional.empty();
          dial("ConnectRetryTimer expired");
        }
      }
      case HOLD -> // RFC 4271 §6.5: hold timer expired
          find(timer.connection().get())
              .ifPresent(pc -> drop(pc, BgpError.HOLD_TIMER_EXPIRED, "hold timer expired"));
      case KEEPALIVE -> find(timer.connection().get()).ifPresent(this::keepalive);
      case STABLE -> backoff.reset();
    }
  }

  // RFC 4271 §8.2.2 Event 16/17
  private void connected(Connection c) {
    if (c.outbound()) {
      if (dialing.equals(Optional.of(c))) {
        dialing = Optional.empty();
        sendOpen(c);
      } else {
        out.add(new Close(c)); // a dial abandoned meanwhile
      }
      return;
    }
    if (!started || state == BgpState.IDLE) {
      out.add(new Close(c)); // §8.2.2 Idle refuses connections (also while backing off)
      return;
    }
    // the peer reconnected before its older connection got anywhere: that one is stale; later
    // ones are settled by collision detection, Established included (see Collisions)
    connections.stream()
        .filter(pc -> !pc.connection().outbound() && pc.phase() == BgpState.OPEN_SENT)
        .findFirst()
        .ifPresent(this::remove);
    sendOpen(c);
  }

  // §8.2.2 Connect/Active Event 16/17: send OPEN, Hold timer to a large value, OpenSent
  private void sendOpen(Connection c) {
    connections.add(new PeerConnection(c));
    out.add(new Send(c, policy.ourOpen()));
    timers.start(FsmTimer.of(HOLD, c), OPEN_HOLD_TIME);
    timers.stop(FsmTimer.of(CONNECT_RETRY));
    update("TCP connection " + c + " up");
  }

  private void failed(Connection c) {
    if (dialing.equals(Optional.of(c))) {
      dialing = Optional.empty();
      if (started && connections.isEmpty()) {
        // §8.2.2 Connect Event 18: wait in Active (accepting) before the next dial
        base = BgpState.ACTIVE;
        timers.start(FsmTimer.of(CONNECT_RETRY), backoff.next());
        update("dial failed");
      }
      return;
    }
    find(c).ifPresent(pc -> drop(pc, null, "connection " + c + " closed"));
  }

  // RFC 9384 §3: Cease, BFD Down (6,10)
  private void bfdDown() {
    if (state == BgpState.IDLE) {
      return;
    }
    for (PeerConnection pc : List.copyOf(connections)) {
      out.add(new Send(pc.connection(), new Notification(BgpError.CEASE_BFD_DOWN)));
    }
    idle("BFD down");
  }

  private void keepalive(PeerConnection pc) {
    out.add(new Send(pc.connection(), Keepalive.INSTANCE));
    timers.start(FsmTimer.of(KEEPALIVE, pc.connection()), pc.negotiated().get().keepaliveTime());
  }

  /**
   * Sends {@code error} (when not null) on {@code pc} and closes it. Losing the Established
   * connection, or the last one, takes the session to Idle with backoff; otherwise the other
   * connection carries on (a collision).
   */
  void drop(PeerConnection pc, BgpError error, String reason) {
    if (error != null) {
      out.add(new Send(pc.connection(), new Notification(error)));
    }
    drop(pc, reason);
  }

  void drop(PeerConnection pc, String reason) {
    remove(pc);
    if (pc.phase() == BgpState.ESTABLISHED || connections.isEmpty()) {
      idle(reason);
    } else {
      update(reason);
    }
  }

  /**
   * {@code pc} lost a collision (RFC 4271 §6.8), by our decision or the peer's: another connection
   * carries on, or, when the peer decided, is on its way. So this is no failure: without another
   * connection wait for it in Active (accepting) instead of backing off in Idle; the ConnectRetry
   * timer dials again if it never comes.
   */
  void collisionLost(PeerConnection pc, String reason) {
    remove(pc);
    if (pc.phase() == BgpState.ESTABLISHED) {
      timers.stop(FsmTimer.of(STABLE));
    }
    if (connections.isEmpty()) {
      base = BgpState.ACTIVE;
      timers.start(FsmTimer.of(CONNECT_RETRY), config.connectRetryTime());
    }
    update(reason);
  }

  private void remove(PeerConnection pc) {
    connections.remove(pc);
    out.add(new Close(pc.connection()));
    timers.stop(FsmTimer.of(HOLD, pc.connection()));
    timers.stop(FsmTimer.of(KEEPALIVE, pc.connection()));
  }

  /** Closes everything; when started, restarts after the backoff (§8.1.1 IdleHoldTimer). */
  private void idle(String reason) {
    List.copyOf(connections).forEach(this::remove);
    dialing.ifPresent(c -> out.add(new Close(c)));
    dialing = Optional.empty();
    timers.stop(FsmTimer.of(CONNECT_RETRY));
    timers.stop(FsmTimer.of(STABLE));
    timers.stop(FsmTimer.of(IDLE_HOLD));
    base = BgpState.IDLE;
    if (started) {
      timers.start(FsmTimer.of(IDLE_HOLD), backoff.next());
    }
    update(reason);
  }

  /** Reports the state if it changed: the most advanced connection's, else Idle/Connect/Active. */
  void update(String reason) {
    BgpState now =
        connections.stream().map(PeerConnection::phase).max(Comparator.naturalOrder()).orElse(base);
    if (now != state) {
      out.add(new FsmAction.StateChange(state, now, reason));
      state = now;
    }
  }

  Optional<PeerConnection> find(Connection c) {
    return connections.stream().filter(pc -> pc.connection().equals(c)).findFirst();
  }

  private Optional<PeerConnection> established() {
    return connections.stream().filter(pc -> pc.phase() == BgpState.ESTABLISHED).findFirst();
  }

  List<PeerConnection> connections() {
    return List.copyOf(connections);
  }

  FsmConfig config() {
    return config;
  }

  OpenPolicy policy() {
    return policy;
  }

  FsmTimers timers() {
    return timers;
  }

  List<FsmAction> out() {
    return out;
  }

  /** The session reached Established: abandon a pending dial (§6.8), start the stable timer. */
  void establishedOn(PeerConnection pc) {
    dialing.ifPresent(c -> out.add(new Close(c)));
    dialing = Optional.empty();
    timers.start(FsmTimer.of(STABLE), Backoff.STABLE);
  }
}
