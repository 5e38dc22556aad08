package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.MacAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the interfaces the layer-2 data plane may use (METALLB-API §4.3), from sysfs: not excluded
 * by name, up ({@code operstate} "up", or "unknown" with IFF_UP), not enslaved to a bond or bridge
 * (no {@code master} link; the master is used instead), without IFF_NOARP, and with a 6-byte MAC.
 * ARP runs where IFF_BROADCAST is set; NDP where the interface has an IPv6 link-local address. An
 * interface that vanishes mid-scan is skipped.
 */
public final class InterfaceScanner {

  private static final Logger LOG = LoggerFactory.getLogger(InterfaceScanner.class);

  // include/uapi/linux/if.h
  static final int IFF_UP = 0x1;
  static final int IFF_BROADCAST = 0x2;
  static final int IFF_NOARP = 0x80;

  private final Path sysClassNet;
  private final List<Pattern> exclude;
  private final Function<String, Optional<Inet6Address>> linkLocals;

  /** A scanner of {@code sysClassNet} (normally {@code /sys/class/net}). */
  public InterfaceScanner(Path sysClassNet, List<Pattern> exclude) {
    this(sysClassNet, exclude, InterfaceScanner::linkLocalOf);
  }

  InterfaceScanner(
      Path sysClassNet,
      List<Pattern> exclude,
      Function<String, Optional<Inet6Address>> linkLocals) {
    this.sysClassNet = Objects.requireNonNull(sysClassNet, "sysClassNet");
    this.exclude = List.copyOf(exclude);
    this.linkLocals = Objects.requireNonNull(linkLocals, "linkLocals");
  }

  /** MetalLB's default exclusions ({@code config/native/exclude-l2-config.yaml}). */
  public static List<Pattern> defaultExcludes() {
    return Stream.of(
            "^docker.*",
            "^cbr.*",
            "^dummy.*",
            "^virbr.*",
            "^lxcbr.*",
            "^veth.*",
            "^lo$",
            "^cali.*",
            "^tunl.*",
            "^flannel.*",
            "^kube-ipvs.*",
            "^cni.*",
            "^nodelocaldns.*",
            "^lxc.*")
        .map(Pattern::compile)
        .toList();
  }

  /** The usable interfaces, sorted by name. */
  public List<InterfaceInfo> scan() throws IOException {
    List<String> names;
    try (Stream<Path> entries = Files.list(sysClassNet)) {
      names = new ArrayList<>(entries.map(p -> p.getFileName().toString()).toList());
    }
    Collections.sort(names);
    List<InterfaceInfo> usable = new ArrayList<>();
    for (String name : names) {
      if (exclude.stream().noneMatch(p -> p.matcher(name).find())) {
        inspect(name).ifPresent(usable::add);
      }
    }
    return List.copyOf(usable);
  }

  private Optional<InterfaceInfo> inspect(String name) {
    Path dir = sysClassNet.resolve(name);
    try {
      int flags = Integer.decode(read(dir, "flags"));
      String operstate = read(dir, "operstate");
      boolean up = operstate.equals("up") || (operstate.equals("unknown") && (flags & IFF_UP) != 0);
      if (!up || Files.exists(dir.resolve("master"), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty(); // down, or a bond/bridge member: its master is announced on
      }
      if ((flags & IFF_NOARP) != 0) {
        return Optional.empty(); // no neighbour resolution on this link (tunnels, lo)
      }
      MacAddress mac = MacAddress.parse(read(dir, "address"));
      int index = Integer.parseInt(read(dir, "ifindex"));
      Optional<Inet6Address> linkLocal = linkLocals.apply(name);
      return Optional.of(
          new InterfaceInfo(
              name,
              index,
              mac.bytes(),
              linkLocal,
              (flags & IFF_BROADCAST) != 0,
              linkLocal.isPresent()));
    } catch (NoSuchFileException e) {
      LOG.debug("{}: vanished during the scan", name);
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("{}: not an Ethernet interface the data plane can use: {}", name, e.toString());
    }
    return Optional.empty();
  }

  private static String read(Path dir, String attribute) throws IOException {
    return Files.readString(dir.resolve(attribute), StandardCharsets.US_ASCII).trim();
  }

  /** The first IPv6 link-local address of {@code name}, from the kernel. */
  static Optional<Inet6Address> linkLocalOf(String name) {
    try {
      NetworkInterface nif = NetworkInterface.getByName(name);
      if (nif == null) {
        return Optional.empty();
      }
      return nif.inetAddresses()
          .filter(a -> a instanceof Inet6Address && a.isLinkLocalAddress())
          .map(a -> (Inet6Address) a)
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }
}
