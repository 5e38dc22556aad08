package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.netty.buffer.ByteBuf;

/**
 * One path attribute of an UPDATE (RFC 4271 §4.3):
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+---------------------------+------------------+
 * |O|T|P|E|0 0 0 0|  Type Code    | Length (1, or 2 if E set) | Value (variable) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+---------------------------+------------------+
 *  O optional, T transitive, P partial, E extended length
 * </pre>
 *
 * Each known attribute is one class that writes its own value; {@link PathAttributes} holds the
 * registry that reads them back and applies RFC 7606.
 */
public sealed interface PathAttribute
    permits Origin,
        AsPath,
        NextHop,
        MultiExitDisc,
        LocalPref,
        AtomicAggregate,
        Communities,
        LargeCommunities,
        MpReachNlri,
        MpUnreachNlri,
        UnknownAttribute {

  int OPTIONAL = 0x80;
  int TRANSITIVE = 0x40;
  int PARTIAL = 0x20;
  int EXTENDED_LENGTH = 0x10;

  /** Flags of well-known attributes (RFC 4271 §5): transitive, not optional. */
  int WELL_KNOWN = TRANSITIVE;

  int OPTIONAL_TRANSITIVE = OPTIONAL | TRANSITIVE;
  int OPTIONAL_NON_TRANSITIVE = OPTIONAL;

  /** Attribute Type Code. */
  int typeCode();

  /** The O, T and P flags to send (E is added by the encoder when the value exceeds 255). */
  int flags();

  /** Length of the value {@link #writeValue} writes in {@code ctx}. */
  int valueLength(BgpCodecContext ctx);

  /** Writes the attribute value. */
  void writeValue(ByteBuf out, BgpCodecContext ctx);
}
