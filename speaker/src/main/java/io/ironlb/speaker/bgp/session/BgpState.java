package io.ironlb.speaker.bgp.session;

/** The session states of RFC 4271 §8.2.2, with their RFC names. */
public enum BgpState {
  IDLE("Idle"),
  CONNECT("Connect"),
  ACTIVE("Active"),
  OPEN_SENT("OpenSent"),
  OPEN_CONFIRM("OpenConfirm"),
  ESTABLISHED("Established");

  private final String rfcName;

  BgpState(String rfcName) {
    this.rfcName = rfcName;
  }

  /** The name RFC 4271 uses. */
  public String rfcName() {
    return rfcName;
  }

  @Override
  public String toString() {
    return rfcName;
  }
}
