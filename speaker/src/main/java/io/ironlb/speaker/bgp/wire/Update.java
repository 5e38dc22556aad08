package io.ironlb.speaker.bgp.wire;

import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.PathAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3). Attributes are kept in canonical order: MP_REACH_NLRI and MP_UNREACH_NLRI
 * first (RFC 7606 §5.1), then by ascending type code (RFC 4271 §5), at most one of each type.
 *
 * @param withdrawn IPv4 unicast prefixes of the Withdrawn Routes field
 * @param attributes path attributes, MP_REACH_NLRI / MP_UNREACH_NLRI included
 * @param nlri IPv4 unicast prefixes of the NLRI field
 * @param malformations what RFC 7606 handling was applied on receipt (empty for a clean UPDATE);
 *     when one says treat-as-withdraw, every route of the UPDATE is listed as withdrawn
 */
public record Update(
    List<Prefix> withdrawn,
    List<PathAttribute> attributes,
    List<Prefix> nlri,
    List<Malformation> malformations)
    implements BgpMessage {

  private static final Comparator<PathAttribute> CANONICAL =
      Comparator.comparingInt(
          a -> a instanceof MpReachNlri || a instanceof MpUnreachNlri ? -1000 : a.typeCode());

  public Update {
    withdrawn = NlriCodec.requireFamily(withdrawn, false, "withdrawn routes");
    nlri = NlriCodec.requireFamily(nlri, false, "NLRI");
    List<PathAttribute> sorted = new ArrayList<>(attributes);
    sorted.sort(CANONICAL.thenComparingInt(PathAttribute::typeCode));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).typeCode() == sorted.get(i - 1).typeCode()) {
        throw new IllegalArgumentException("attribute " + sorted.get(i).typeCode() + " twice");
      }
    }
    attributes = List.copyOf(sorted);
    malformations = List.copyOf(malformations);
  }

  /** A clean UPDATE. */
  public Update(List<Prefix> withdrawn, List<PathAttribute> attributes, List<Prefix> nlri) {
    this(withdrawn, attributes, nlri, List.of());
  }

  /** The End-of-RIB marker of {@code family} (RFC 4724 §2). */
  public static Update endOfRib(AddressFamily family) {
    return family.equals(AddressFamily.IPV4_UNICAST)
        ? new Update(List.of(), List.of(), List.of())
        : new Update(List.of(), List.of(new MpUnreachNlri(family, List.of())), List.of());
  }

  /** RFC 7606: the routes of this UPDATE are to be withdrawn (they are listed as withdrawn). */
  public boolean treatAsWithdraw() {
    return malformations.stream()
        .anyMatch(m -> m.action() == Malformation.Action.TREAT_AS_WITHDRAW);
  }

  /** The family this UPDATE marks as End-of-RIB, if it is such a marker (RFC 4724 §2). */
  public Optional<AddressFamily> endOfRibFamily() {
    if (!withdrawn.isEmpty() || !nlri.isEmpty() || !malformations.isEmpty()) {
      return Optional.empty();
    }
    if (attributes.isEmpty()) {
      return Optional.of(AddressFamily.IPV4_UNICAST);
    }
    return attributes.size() == 1
            && attributes.get(0) instanceof MpUnreachNlri u
            && u.prefixes().isEmpty()
        ? Optional.of(u.family())
        : Optional.empty();
  }

  /** The attribute of that class, if present. */
  public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
    return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }
}
