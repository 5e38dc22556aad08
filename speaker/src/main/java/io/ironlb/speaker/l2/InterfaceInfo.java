package io.ironlb.speaker.l2;

import io.ironlb.core.ip.IpText;
import io.ironlb.speaker.l2.wire.MacAddress;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface the data plane may use (METALLB-API §4.3). Value semantics: equal by content,
 * including the MAC; {@link #mac()} returns a copy.
 *
 * @param name kernel name, e.g. {@code eth0}
 * @param index kernel ifindex ({@code 0} when unknown)
 * @param mac the 6-byte hardware address
 * @param linkLocal the IPv6 link-local address NDP replies are sourced from, if any
 * @param arpCapable the interface is broadcast-capable: the ARP responder runs on it
 * @param ndpCapable the interface has a link-local address: the NDP responder runs on it
 */
public record InterfaceInfo(
    String name,
    int index,
    byte[] mac,
    Optional<Inet6Address> linkLocal,
    boolean arpCapable,
    boolean ndpCapable) {

  /** Validates the fields and copies the MAC. */
  public InterfaceInfo {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || index < 0) {
      throw new IllegalArgumentException("interface needs a name and a non-negative index");
    }
    mac = MacAddress.of(Objects.requireNonNull(mac, "mac")).bytes();
    Objects.requireNonNull(linkLocal, "linkLocal");
    if (linkLocal.isPresent() && !linkLocal.get().isLinkLocalAddress()) {
      throw new IllegalArgumentException("not a link-local address: " + linkLocal.get());
    }
    if (ndpCapable && linkLocal.isEmpty()) {
      throw new IllegalArgumentException(name + ": NDP needs a link-local address");
    }
  }

  /** A copy of the hardware address. */
  @Override
  public byte[] mac() {
    return mac.clone();
  }

  /** The hardware address as a value. */
  public MacAddress macAddress() {
    return MacAddress.of(mac);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InterfaceInfo other
        && name.equals(other.name)
        && index == other.index
        && Arrays.equals(mac, other.mac)
        && linkLocal.equals(other.linkLocal)
        && arpCapable == other.arpCapable
        && ndpCapable == other.ndpCapable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, index, Arrays.hashCode(mac), linkLocal, arpCapable, ndpCapable);
  }

  @Override
  public String toString() {
    return "InterfaceInfo[%s #%d %s linkLocal=%s arp=%s ndp=%s]"
        .formatted(
            name,
            index,
            macAddress(),
            linkLocal.map(IpText::format).orElse("none"),
            arpCapable,
            ndpCapable);
  }
}
