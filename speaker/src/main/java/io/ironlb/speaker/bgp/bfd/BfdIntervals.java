package io.ironlb.speaker.bgp.bfd;

/**
 * The local intervals of one session (RFC 5880 §6.8.3): the values advertised in our packets and
 * the values used here, which differ only while a Poll Sequence (§6.5) is in progress. Not
 * thread-safe; owned by its {@link BfdSession}.
 */
final class BfdIntervals {

  /** RFC 5880 §6.8.3: bfd.DesiredMinTxInterval while not Up is at least one second. */
  static final long SLOW_START_TX_US = 1_000_000L;

  private BfdTimers timers;
  private long advertisedTxUs;
  private long advertisedRxUs;
  private long localTxUs;
  private long localRxUs;
  private boolean polling;

  BfdIntervals(BfdTimers timers) {
    update(timers, false);
  }

  BfdTimers timers() {
    return timers;
  }

  /** bfd.DesiredMinTxInterval, as sent. */
  long advertisedTxUs() {
    return advertisedTxUs;
  }

  /** bfd.RequiredMinRxInterval, as sent. */
  long advertisedRxUs() {
    return advertisedRxUs;
  }

  /** Our side of the transmit interval (§6.8.2), in use now. */
  long localTxUs() {
    return localTxUs;
  }

  /** Our side of the detection time (§6.8.4), in use now. */
  long localRxUs() {
    return localRxUs;
  }

  boolean polling() {
    return polling;
  }

  /** New timers, or a state change: aim for what {@code timers} ask in that state. */
  void update(BfdTimers timers, boolean up) {
    this.timers = timers;
    long tx =
        up ? timers.transmitIntervalUs() : Math.max(timers.transmitIntervalUs(), SLOW_START_TX_US);
    long rx = timers.receiveIntervalUs();
    if (!up) {
      // §6.8.3: while not Up, changes take effect at once; a pending poll has no purpose
      polling = false;
      advertisedTxUs = localTxUs = tx;
      advertisedRxUs = localRxUs = rx;
      return;
    }
    if (polling || (tx == advertisedTxUs && rx == advertisedRxUs)) {
      return; // §6.5: parameters stay put during a poll; re-examined when the Final arrives
    }
    // §6.8.3: until the Final, keep sending at the faster of the old and new rates and detect with
    // the longer of the old and new receive intervals, whichever way each one moved.
    localTxUs = Math.min(advertisedTxUs, tx);
    localRxUs = Math.max(advertisedRxUs, rx);
    advertisedTxUs = tx;
    advertisedRxUs = rx;
    polling = true;
  }

  /**
   * A Final arrived (§6.5): the poll, if any, is over; starts another if timers moved meanwhile.
   */
  void finalReceived(boolean up) {
    if (!polling) {
      return;
    }
    polling = false;
    localTxUs = advertisedTxUs;
    localRxUs = advertisedRxUs;
    update(timers, up);
  }
}
