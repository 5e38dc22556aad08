package io.ironlb.speaker.bgp.wire;

/**
 * What the OPEN exchange negotiated that changes the wire format of UPDATEs.
 *
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793): AS_PATH carries 4-byte
 *     ASNs; otherwise 2-byte ASNs, with AS_TRANS in place of those that do not fit
 * @param addPath ADD-PATH (RFC 7911) receive negotiated; not supported, so always false
 */
public record BgpCodecContext(boolean fourOctetAs, boolean addPath) {

  /** Before the OPEN exchange (and for OLD peers): 2-byte ASNs, no ADD-PATH. */
  public static final BgpCodecContext INITIAL = new BgpCodecContext(false, false);

  /** A session where both sides advertised the 4-octet AS capability. */
  public static final BgpCodecContext FOUR_OCTET_AS = new BgpCodecContext(true, false);

  public BgpCodecContext {
    if (addPath) {
      throw new IllegalArgumentException(
          "ADD-PATH (RFC 7911) is not supported; never advertise it");
    }
  }
}
