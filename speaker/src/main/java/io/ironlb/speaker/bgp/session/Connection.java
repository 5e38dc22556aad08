package io.ironlb.speaker.bgp.session;

/**
 * One TCP connection to the peer, as the FSM knows it. Outbound ids come from the FSM ({@link
 * FsmAction.Dial}), inbound ids from the session; the direction keeps the two apart.
 *
 * @param id a number unique among the connections of one direction
 * @param outbound true when this side initiated the connection (RFC 4271 §6.8 needs to know)
 */
public record Connection(long id, boolean outbound) {

  public Connection {
    if (id < 1) {
      throw new IllegalArgumentException("connection ids start at 1: " + id);
    }
  }

  /** An outbound connection. */
  public static Connection outbound(long id) {
    return new Connection(id, true);
  }

  /** An inbound connection. */
  public static Connection inbound(long id) {
    return new Connection(id, false);
  }

  @Override
  public String toString() {
    return (outbound ? "out#" : "in#") + id;
  }
}
