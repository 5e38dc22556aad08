package io.ironlb.speaker.bgp.session;

import java.util.Objects;
import java.util.Optional;

/**
 * A timer of the FSM (RFC 4271 §8.1.3, §10). Session-wide timers have no connection; the Hold and
 * Keepalive timers belong to one connection, so a stale expiry for a closed one is recognised.
 *
 * @param kind which timer
 * @param connection the connection it belongs to, for Hold and Keepalive
 */
public record FsmTimer(Kind kind, Optional<Connection> connection) {

  /** The timers. */
  public enum Kind {
    /** RFC 4271 §8.1.3 ConnectRetryTimer: the next dial (Connect: the dial's deadline). */
    CONNECT_RETRY,
    /** RFC 4271 §8.1.1 IdleHoldTimer (DampPeerOscillations): the backoff before restarting. */
    IDLE_HOLD,
    /** RFC 4271 §4.4, §6.5: no message received from the peer within the hold time. */
    HOLD,
    /** RFC 4271 §4.4: time to send the next KEEPALIVE. */
    KEEPALIVE,
    /** Established long enough that the reconnect backoff starts over. */
    STABLE
  }

  public FsmTimer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(connection, "connection");
    boolean perConnection = kind == Kind.HOLD || kind == Kind.KEEPALIVE;
    if (perConnection != connection.isPresent()) {
      throw new IllegalArgumentException(
          kind + (perConnection ? " needs" : " takes no") + " connection");
    }
  }

  /** A session-wide timer. */
  public static FsmTimer of(Kind kind) {
    return new FsmTimer(kind, Optional.empty());
  }

  /** A timer of {@code connection}. */
  public static FsmTimer of(Kind kind, Connection connection) {
    return new FsmTimer(kind, Optional.of(connection));
  }

  @Override
  public String toString() {
    return kind + connection.map(c -> "(" + c + ")").orElse("");
  }
}
