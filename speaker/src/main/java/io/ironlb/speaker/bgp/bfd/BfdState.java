package io.ironlb.speaker.bgp.bfd;

/** The session state (RFC 5880 §4.1 "Sta", §6.2), with its 2-bit wire value. */
public enum BfdState {
  ADMIN_DOWN(0),
  DOWN(1),
  INIT(2),
  UP(3);

  private static final BfdState[] BY_WIRE = {ADMIN_DOWN, DOWN, INIT, UP};

  private final int wireValue;

  BfdState(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  /** The state for a 2-bit value; every value 0..3 is defined. */
  public static BfdState fromWire(int value) {
    if (value < 0 || value > 3) {
      throw new IllegalArgumentException("BFD state is 2 bits: " + value);
    }
    return BY_WIRE[value];
  }
}
