package io.ironlb.lab.bgp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Ethernet segment for BGP interop tests: a bridge in a namespace of its own ({@code
 * ilb-bgp-sw}), this host's end ({@code ilb-bgp-host}: 203.0.113.1/25, 2001:db8:1d::1/64, where the
 * test JVM runs IronLB's session) and a {@link RouterNamespace} per daemon. Everything it creates
 * is named {@code ilb-bgp-*} and deleted by {@link #close()}, which is safe to call after a partial
 * set-up. A link is cut by setting its switch port down ({@link #setPort}).
 *
 * <pre>
 *   host: ilb-bgp-host ──┐                      ┌── ilb-bgp-eth  ns ilb-bgp-r-frr   (.2)
 *   203.0.113.1          ├── ilb-bgp-br (ns ilb-bgp-sw) ──┼── ilb-bgp-eth  ns ilb-bgp-r-bird  (.3)
 *   2001:db8:1d::1       │                      └── ilb-bgp-eth  ns ilb-bgp-r-gobgp (.4)
 * </pre>
 */
final class BgpSegment implements AutoCloseable {

  static final String SWITCH = "ilb-bgp-sw";
  static final String BRIDGE = "ilb-bgp-br";
  static final String HOST_IF = "ilb-bgp-host";
  static final String HOST_PORT = "ilb-bgp-s-host";
  static final String V4_NET = "203.0.113.0/25";
  static final String V6_NET = "2001:db8:1d::/64";
  static final Inet4Address HOST_V4 = (Inet4Address) address("203.0.113.1");
  static final Inet6Address HOST_V6 = (Inet6Address) address("2001:db8:1d::1");

  private final List<RouterNamespace> routers = new ArrayList<>();

  private BgpSegment() {}

  /** Creates the switch and this host's port, after removing leftovers of an aborted run. */
  static BgpSegment create(String... routerNames) {
    removeLeftovers(routerNames);
    String routes = Shell.run("ip", "-4", "route") + Shell.run("ip", "-6", "route");
    if (routes.lines().anyMatch(BgpSegment::overlapsOurNetworks)) {
      throw new AssertionError(
          "this host already routes part of " + V4_NET + " or " + V6_NET + ":\n" + routes);
    }
    BgpSegment segment = new BgpSegment();
    try {
      Shell.sh(
          String.join(
              " && ",
              "ip netns add " + SWITCH,
              "ip -n " + SWITCH + " link set lo up",
              "ip -n " + SWITCH + " link add " + BRIDGE + " type bridge",
              "ip -n " + SWITCH + " link set " + BRIDGE + " up",
              "ip link add " + HOST_IF + " type veth peer name " + HOST_PORT + " netns " + SWITCH,
              "ip -n " + SWITCH + " link set " + HOST_PORT + " master " + BRIDGE + " up",
              "ip addr add " + HOST_V4.getHostAddress() + "/25 dev " + HOST_IF,
              // nodad: usable at once (Duplicate Address Detection would hold it for ~1 s)
              "ip addr add " + HOST_V6.getHostAddress() + "/64 dev " + HOST_IF + " nodad",
              "ip link set " + HOST_IF + " up"));
      return segment;
    } catch (RuntimeException | AssertionError e) {
      segment.close();
      throw e;
    }
  }

  /** Adds {@code ilb-bgp-r-NAME} with 203.0.113.HOST and 2001:db8:1d::HOST (hex). */
  RouterNamespace addRouter(String name, int host) {
    RouterNamespace r =
        new RouterNamespace(
            "ilb-bgp-r-" + name,
            "ilb-bgp-s-" + name,
            (Inet4Address) address("203.0.113." + host),
            (Inet6Address) address("2001:db8:1d::" + Integer.toHexString(host)));
    routers.add(r);
    String ns = r.name();
    Shell.sh(
        String.join(
            " && ",
            "ip netns add " + ns,
            "ip -n " + ns + " link set lo up",
            "ip link add "
                + r.port()
                + " netns "
                + SWITCH
                + " type veth peer name "
                + RouterNamespace.IFACE
                + " netns "
                + ns,
            "ip -n " + SWITCH + " link set " + r.port() + " master " + BRIDGE + " up",
            "ip -n "
                + ns
                + " addr add "
                + r.v4().getHostAddress()
                + "/25 dev "
                + RouterNamespace.IFACE,
            "ip -n "
                + ns
                + " addr add "
                + r.v6().getHostAddress()
                + "/64 dev "
                + RouterNamespace.IFACE
                + " nodad",
            "ip -n " + ns + " link set " + RouterNamespace.IFACE + " up"));
    return r;
  }

  /** Sets this host's switch port up or down: a cable pulled out of (or back into) the switch. */
  void setHostPort(boolean up) {
    setPort(HOST_PORT, up);
  }

  /** Sets a router's switch port up or down. */
  void setPort(RouterNamespace router, boolean up) {
    setPort(router.port(), up);
  }

  private static void setPort(String port, boolean up) {
    Shell.run("ip", "-n", SWITCH, "link", "set", port, up ? "up" : "down");
  }

  /** Deletes the routers' namespaces, this host's veth and the switch (daemons stopped first). */
  @Override
  public void close() {
    StringBuilder script = new StringBuilder();
    for (RouterNamespace r : routers) {
      script.append("ip netns del ").append(r.name()).append(" 2>/dev/null; ");
    }
    script.append("ip link del ").append(HOST_IF).append(" 2>/dev/null; ");
    script.append("ip netns del ").append(SWITCH).append(" 2>/dev/null; true");
    Shell.sh(script.toString());
    routers.clear();
  }

  /**
   * Removes what an aborted run of these tests left behind: processes still running inside our own
   * namespaces (killed by the PIDs {@code ip netns pids} lists for exactly those namespaces), the
   * namespaces and this host's veth. Touches nothing not named by this class.
   */
  private static void removeLeftovers(String... routerNames) {
    List<String> namespaces = new ArrayList<>(List.of(SWITCH));
    for (String n : routerNames) {
      namespaces.add("ilb-bgp-r-" + n);
    }
    String existing = Shell.run("ip", "netns", "list");
    StringBuilder script = new StringBuilder();
    for (String ns : namespaces) {
      if (existing.lines().anyMatch(l -> l.split(" ")[0].equals(ns))) {
        script.append("for p in $(ip netns pids ").append(ns).append("); do kill -9 $p; done; ");
        script.append("ip netns del ").append(ns).append("; ");
      }
    }
    script.append("ip link del ").append(HOST_IF).append(" 2>/dev/null; true");
    Shell.sh(script.toString());
  }

  /** Whether a route line's destination overlaps 203.0.113.0/25 or 2001:db8:1d::/64. */
  static boolean overlapsOurNetworks(String routeLine) {
    String dest = routeLine.split(" ")[0];
    if (dest.startsWith("2001:db8:1d:")) {
      return true;
    }
    if (!dest.startsWith("203.0.113.")) {
      return false;
    }
    String[] parts = dest.split("/");
    int length = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
    int last = Integer.parseInt(parts[0].substring("203.0.113.".length()));
    return length <= 24 || last < 128; // a covering /24 or anything in the lower half
  }

  /**
   * An address as the daemons print it (RFC 5952: {@code 2001:db8:1d::1}, not Java's long form).
   */
  static String text(InetAddress address) {
    return io.netty.util.NetUtil.toAddressString(address);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
