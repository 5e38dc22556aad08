package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpMessage;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** What the FSM asks its driver to do, in order. */
public sealed interface FsmAction {

  /** Open a TCP connection to the peer (RFC 4271 §8.2.2: "initiates a TCP connection"). */
  record Dial(Connection connection) implements FsmAction {
    public Dial {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** Write a message on a connection. */
  record Send(Connection connection, BgpMessage message) implements FsmAction {
    public Send {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Close a connection (after what was sent on it), or abandon its dial. */
  record Close(Connection connection) implements FsmAction {
    public Close {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** (Re)start a timer: any earlier run of the same timer is cancelled. */
  record StartTimer(FsmTimer timer, Duration delay) implements FsmAction {
    public StartTimer {
      Objects.requireNonNull(timer, "timer");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("timer " + timer + " needs a positive delay: " + delay);
      }
    }
  }

  /** Cancel a running timer. */
  record StopTimer(FsmTimer timer) implements FsmAction {
    public StopTimer {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /** The session state changed (for logs, status and metrics). */
  record StateChange(BgpState from, BgpState to, String reason) implements FsmAction {
    public StateChange {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Send every route of these families from the route source (after Established, and on
   * ROUTE-REFRESH, RFC 2918 §4): the driver packs them into UPDATEs.
   */
  record AnnounceRoutes(Connection connection, Set<AddressFamily> families) implements FsmAction {
    public AnnounceRoutes {
      Objects.requireNonNull(connection, "connection");
      families = Set.copyOf(families);
    }
  }
}
