package io.ironlb.speaker.bgp.session;

import java.util.Objects;
import java.util.Optional;

/** One connection that has sent our OPEN: its phase and, once the peer's OPEN came, its terms. */
final class PeerConnection {

  private final Connection connection;
  private BgpState phase = BgpState.OPEN_SENT;
  private Negotiated negotiated;

  PeerConnection(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  Connection connection() {
    return connection;
  }

  /** OpenSent, OpenConfirm or Established. */
  BgpState phase() {
    return phase;
  }

  /** The terms of the OPEN exchange, from OpenConfirm on. */
  Optional<Negotiated> negotiated() {
    return Optional.ofNullable(negotiated);
  }

  void openConfirm(Negotiated terms) {
    negotiated = Objects.requireNonNull(terms, "terms");
    phase = BgpState.OPEN_CONFIRM;
  }

  void established() {
    phase = BgpState.ESTABLISHED;
  }

  @Override
  public String toString() {
    return connection + "/" + phase;
  }
}
