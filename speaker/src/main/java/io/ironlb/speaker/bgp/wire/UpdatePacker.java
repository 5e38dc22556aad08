package io.ironlb.speaker.bgp.wire;

import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import io.ironlb.speaker.bgp.wire.attr.PathAttributes;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Packs prefixes that share one attribute set into as few UPDATEs as fit in 4096 bytes (RFC 4271
 * §4.3 packs any number of prefixes with one set of attributes): IPv4 in the NLRI and Withdrawn
 * Routes fields, IPv6 in MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760). Greedy, in the given order. An
 * empty prefix list yields no UPDATE (an empty one would be an End-of-RIB marker).
 */
public final class UpdatePacker {

  private static final int MAX = BgpMessageDecoder.MAX_MESSAGE_LENGTH;

  /** Header plus the two 2-byte length fields of an UPDATE. */
  private static final int UPDATE_OVERHEAD = BgpMessageDecoder.HEADER_LENGTH + 4;

  private final BgpCodecContext context;

  public UpdatePacker(BgpCodecContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** IPv4 announcements; {@code attributes} are ORIGIN, AS_PATH, NEXT_HOP and friends, no MP. */
  public List<Update> announceIpv4(List<PathAttribute> attributes, List<Prefix> prefixes) {
    requireNoMultiprotocol(attributes);
    int room = MAX - UPDATE_OVERHEAD - PathAttributes.encodedLength(attributes, context);
    List<Update> updates = new ArrayList<>();
    for (List<Prefix> chunk : split(prefixes, nlriBytes -> nlriBytes <= room)) {
      updates.add(new Update(List.of(), attributes, chunk));
    }
    return updates;
  }

  /** IPv6 announcements, in MP_REACH_NLRI next to {@code attributes} (ORIGIN, AS_PATH, ...). */
  public List<Update> announceIpv6(
      List<PathAttribute> attributes,
      Inet6Address nextHop,
      Optional<Inet6Address> linkLocal,
      List<Prefix> prefixes) {
    requireNoMultiprotocol(attributes);
    int mpHeader = MpReachNlri.ipv6(nextHop, linkLocal, List.of()).headerLength();
    int room = MAX - UPDATE_OVERHEAD - PathAttributes.encodedLength(attributes, context);
    List<Update> updates = new ArrayList<>();
    for (List<Prefix> chunk :
        split(prefixes, nlriBytes -> attributeLength(mpHeader + nlriBytes) <= room)) {
      List<PathAttribute> all = new ArrayList<>(attributes);
      all.add(MpReachNlri.ipv6(nextHop, linkLocal, chunk));
      updates.add(new Update(List.of(), all, List.of()));
    }
    return updates;
  }

  /** IPv4 withdrawals in the Withdrawn Routes field. */
  public List<Update> withdrawIpv4(List<Prefix> prefixes) {
    List<Update> updates = new ArrayList<>();
    for (List<Prefix> chunk : split(prefixes, n -> n <= MAX - UPDATE_OVERHEAD)) {
      updates.add(new Update(chunk, List.of(), List.of()));
    }
    return updates;
  }

  /** IPv6 withdrawals in MP_UNREACH_NLRI. */
  public List<Update> withdrawIpv6(List<Prefix> prefixes) {
    List<Update> updates = new ArrayList<>();
    for (List<Prefix> chunk :
        split(prefixes, n -> attributeLength(3 + n) <= MAX - UPDATE_OVERHEAD)) {
      MpUnreachNlri unreach = new MpUnreachNlri(AddressFamily.IPV6_UNICAST, chunk);
      updates.add(new Update(List.of(), List.of(unreach), List.of()));
    }
    return updates;
  }

  /** The End-of-RIB marker of {@code family} (RFC 4724 §2). */
  public static Update endOfRib(AddressFamily family) {
    return Update.endOfRib(family);
  }

  /** An attribute with a value of {@code valueLength}: header of 3, or 4 with extended length. */
  private static int attributeLength(int valueLength) {
    return (valueLength > 255 ? 4 : 3) + valueLength;
  }

  /** Greedy runs of prefixes whose NLRI encoding, in total, satisfies {@code fits}. */
  private static List<List<Prefix>> split(List<Prefix> prefixes, IntPredicate fits) {
    List<List<Prefix>> chunks = new ArrayList<>();
    List<Prefix> current = new ArrayList<>();
    int bytes = 0;
    for (Prefix p : prefixes) {
      if (!fits.test(bytes + p.encodedLength())) {
        if (current.isEmpty()) {
          throw new IllegalArgumentException("attributes leave no room for " + p);
        }
        chunks.add(List.copyOf(current));
        current.clear();
        bytes = 0;
      }
      current.add(p);
      bytes += p.encodedLength();
    }
    if (!current.isEmpty()) {
      chunks.add(List.copyOf(current));
    }
    return chunks;
  }

  private static void requireNoMultiprotocol(List<PathAttribute> attributes) {
    for (PathAttribute a : attributes) {
      if (a instanceof MpReachNlri || a instanceof MpUnreachNlri) {
        throw new IllegalArgumentException("the packer adds MP_REACH/MP_UNREACH itself");
      }
    }
  }
}
