package io.ironlb.speaker.bgp.bfd;

/** What a session knows of its peer (RFC 5880 §6.8.1 bfd.Remote*), from its last packet. */
final class BfdRemote {

  private long discriminator;
  private BfdState state = BfdState.DOWN;
  private boolean demand;
  private long minRxUs = 1; // §6.8.1: bfd.RemoteMinRxInterval starts at 1 µs
  private long desiredMinTxUs;
  private int detectMultiplier;

  // RFC 5880 §6.8.6: copy the peer's fields into the bfd.Remote* variables.
  void learn(BfdControlPacket packet) {
    discriminator = packet.myDiscriminator();
    state = packet.state();
    demand = packet.demand();
    minRxUs = packet.requiredMinRxUs();
    desiredMinTxUs = packet.desiredMinTxUs();
    detectMultiplier = packet.detectMultiplier();
  }

  /** The detection time expired: the peer is unknown again (§6.8.1). */
  void forget() {
    discriminator = 0;
    state = BfdState.DOWN;
    demand = false;
  }

  long discriminator() {
    return discriminator;
  }

  BfdState state() {
    return state;
  }

  boolean demand() {
    return demand;
  }

  long minRxUs() {
    return minRxUs;
  }

  long desiredMinTxUs() {
    return desiredMinTxUs;
  }

  int detectMultiplier() {
    return detectMultiplier;
  }
}
