package io.ironlb.speaker.bgp.wire;

/**
 * The NOTIFICATION error codes and subcodes IronLB sends or may receive (RFC 4271 §4.5 and §6, RFC
 * 4486 Cease subcodes, RFC 5492, RFC 6608, RFC 7313, RFC 8538, RFC 9384). A received pair that is
 * not listed maps to its code's unspecific entry, or to {@link #UNRECOGNIZED}.
 */
public enum BgpError {
  /** A code this enum does not know (code 0 is reserved: it never goes on the wire from us). */
  UNRECOGNIZED(0, 0),

  // RFC 4271 §6.1: Message Header Error
  MESSAGE_HEADER_UNSPECIFIC(1, 0),
  CONNECTION_NOT_SYNCHRONIZED(1, 1),
  BAD_MESSAGE_LENGTH(1, 2),
  BAD_MESSAGE_TYPE(1, 3),

  // RFC 4271 §6.2: OPEN Message Error
  OPEN_UNSPECIFIC(2, 0),
  UNSUPPORTED_VERSION_NUMBER(2, 1),
  BAD_PEER_AS(2, 2),
  BAD_BGP_IDENTIFIER(2, 3),
  UNSUPPORTED_OPTIONAL_PARAMETER(2, 4),
  UNACCEPTABLE_HOLD_TIME(2, 6),
  UNSUPPORTED_CAPABILITY(2, 7), // RFC 5492 §5

  // RFC 4271 §6.3: UPDATE Message Error
  UPDATE_UNSPECIFIC(3, 0),
  MALFORMED_ATTRIBUTE_LIST(3, 1),
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2),
  MISSING_WELL_KNOWN_ATTRIBUTE(3, 3),
  ATTRIBUTE_FLAGS_ERROR(3, 4),
  ATTRIBUTE_LENGTH_ERROR(3, 5),
  INVALID_ORIGIN_ATTRIBUTE(3, 6),
  INVALID_NEXT_HOP_ATTRIBUTE(3, 8),
  OPTIONAL_ATTRIBUTE_ERROR(3, 9),
  INVALID_NETWORK_FIELD(3, 10),
  MALFORMED_AS_PATH(3, 11),

  // RFC 4271 §6.5
  HOLD_TIMER_EXPIRED(4, 0),

  // RFC 4271 §6.6, subcodes RFC 6608
  FSM_ERROR(5, 0),
  FSM_UNEXPECTED_MESSAGE_IN_OPEN_SENT(5, 1),
  FSM_UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM(5, 2),
  FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED(5, 3),

  // RFC 4271 §6.7, subcodes RFC 4486, RFC 8538, RFC 9384
  CEASE(6, 0),
  CEASE_MAXIMUM_PREFIXES_REACHED(6, 1),
  CEASE_ADMINISTRATIVE_SHUTDOWN(6, 2),
  CEASE_PEER_DECONFIGURED(6, 3),
  CEASE_ADMINISTRATIVE_RESET(6, 4),
  CEASE_CONNECTION_REJECTED(6, 5),
  CEASE_OTHER_CONFIGURATION_CHANGE(6, 6),
  CEASE_CONNECTION_COLLISION_RESOLUTION(6, 7),
  CEASE_OUT_OF_RESOURCES(6, 8),
  CEASE_HARD_RESET(6, 9),
  CEASE_BFD_DOWN(6, 10),

  // RFC 7313 §5: ROUTE-REFRESH Message Error
  ROUTE_REFRESH_UNSPECIFIC(7, 0),
  ROUTE_REFRESH_INVALID_MESSAGE_LENGTH(7, 1);

  private final int code;
  private final int subcode;

  BgpError(int code, int subcode) {
    this.code = code;
    this.subcode = subcode;
  }

  /** The Error Code octet. */
  public int code() {
    return code;
  }

  /** The Error Subcode octet. */
  public int subcode() {
    return subcode;
  }

  /** The entry for a received pair: exact, else the code's unspecific entry, else UNRECOGNIZED. */
  public static BgpError fromWire(int code, int subcode) {
    BgpError unspecific = UNRECOGNIZED;
    for (BgpError e : values()) {
      if (e.code == code && e.subcode == subcode) {
        return e;
      }
      if (e.code == code && e.subcode == 0) {
        unspecific = e;
      }
    }
    return unspecific;
  }

  @Override
  public String toString() {
    return name() + "(" + code + "," + subcode + ")";
  }
}
