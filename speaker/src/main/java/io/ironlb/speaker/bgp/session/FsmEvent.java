package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.RouteRefresh;
import io.ironlb.speaker.bgp.wire.Update;
import java.util.Objects;

/** What happens to a session: the events of RFC 4271 §8.1, as IronLB needs them. */
public sealed interface FsmEvent {

  /** RFC 4271 §8.1.2 Event 1 ManualStart. */
  record ManualStart() implements FsmEvent {}

  /** RFC 4271 §8.1.2 Event 2 ManualStop: a Cease with this subcode goes to the peer. */
  record ManualStop(BgpError cease) implements FsmEvent {
    public ManualStop {
      if (Objects.requireNonNull(cease, "cease").code() != BgpError.CEASE.code()) {
        throw new IllegalArgumentException("a manual stop sends a Cease, not " + cease);
      }
    }
  }

  /** RFC 4271 §8.1.3 Events 9-13: a timer expired. */
  record TimerExpires(FsmTimer timer) implements FsmEvent {
    public TimerExpires {
      Objects.requireNonNull(timer, "timer");
    }
  }

  /** RFC 4271 §8.1.4 Events 16-17: the dial succeeded, or an inbound connection was accepted. */
  record TcpConnectionConfirmed(Connection connection) implements FsmEvent {
    public TcpConnectionConfirmed {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** RFC 4271 §8.1.4 Event 18: the dial failed or the connection closed. */
  record TcpConnectionFails(Connection connection) implements FsmEvent {
    public TcpConnectionFails {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** A message arrived on a connection (RFC 4271 §8.1.5 Events 19, 26, 25, 27). */
  sealed interface Received extends FsmEvent {
    Connection connection();
  }

  /** Event 19 BGPOpen. */
  record BgpOpen(Connection connection, Open open) implements Received {
    public BgpOpen {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(open, "open");
    }
  }

  /** Event 26 KeepAliveMsg. */
  record KeepaliveMsg(Connection connection) implements Received {
    public KeepaliveMsg {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** Event 27 UpdateMsg: decoded (so errors were caught) and ignored. */
  record UpdateMsg(Connection connection, Update update) implements Received {
    public UpdateMsg {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(update, "update");
    }
  }

  /** Event 25 NotifMsg. */
  record NotifMsg(Connection connection, Notification notification) implements Received {
    public NotifMsg {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(notification, "notification");
    }
  }

  /** RFC 2918 §4: the peer asks for our routes of one family again. */
  record RouteRefreshMsg(Connection connection, RouteRefresh refresh) implements Received {
    public RouteRefreshMsg {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(refresh, "refresh");
    }
  }

  /** Events 21-22, 28 (BGPHeaderErr, BGPOpenMsgErr, UpdateMsgErr): the decoder failed. */
  record DecodeError(Connection connection, BgpCodecException error) implements Received {
    public DecodeError {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(error, "error");
    }
  }

  /** BFD saw the peer go down (RFC 5882 §4.3): drop the session at once. */
  record BfdDown() implements FsmEvent {}
}
