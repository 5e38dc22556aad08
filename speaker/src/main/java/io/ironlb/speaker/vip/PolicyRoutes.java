package io.ironlb.speaker.vip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ironlb.core.ip.IpText;
import io.ironlb.speaker.forwarder.L4Protocol;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VIP delivery by policy routing (needs CAP_NET_ADMIN): one rule per VIP port, {@code ip rule add
 * priority 7473 to VIP ipproto tcp dport 80 lookup 7473}, and one {@code local} route per VIP in
 * table 7473. A TCP or UDP packet for a forwarded port is then local and reaches the forwarder's
 * socket (bound to the VIP with IP_FREEBIND, sending from it with IP_TRANSPARENT).
 *
 * <p>Why not an address or a local-table route: the kernel answers ARP for any address its routing
 * says is local. ARP's route lookup carries no protocol or port, so these rules never match it: the
 * node does not answer ARP for the VIP, only the speaker's responder does where it is elected. For
 * IPv6, neighbour solicitations are answered only for addresses configured on an interface, which a
 * route is not.
 *
 * <p>Everything it adds carries priority and table 7473; at start-up it removes leftovers of an
 * earlier run with the same marks.
 */
public final class PolicyRoutes implements VipDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyRoutes.class);
  static final String MARK = "7473";

  private final IpCommand ip;

  /** In the speaker's own network namespace (the node's, with hostNetwork). */
  public PolicyRoutes() {
    this(new IpCommand(List.of("ip")));
  }

  /** In network namespace {@code netns} ({@code ip -n}): for tests. */
  public static PolicyRoutes inNamespace(String netns) {
    return new PolicyRoutes(new IpCommand(List.of("ip", "-n", netns)));
  }

  PolicyRoutes(IpCommand ip) {
    this.ip = ip;
  }

  @Override
  public synchronized void apply(Set<Port> ports) throws IOException {
    for (String family : List.of("-4", "-6")) {
      boolean v6 = family.equals("-6");
      Set<Port> wanted = new HashSet<>();
      ports.stream().filter(p -> (p.vip() instanceof Inet6Address) == v6).forEach(wanted::add);
      syncRules(family, wanted);
      syncRoutes(
          family, wanted.stream().map(Port::vip).collect(java.util.stream.Collectors.toSet()));
    }
  }

  private void syncRules(String family, Set<Port> wanted) throws IOException {
    Set<Port> present = new HashSet<>();
    for (JsonNode r : ip.json(List.of(family, "rule", "show", "priority", MARK))) {
      Port p = port(r);
      if (p == null || !wanted.contains(p)) {
        deleteRule(family, r);
      } else {
        present.add(p);
      }
    }
    for (Port p : wanted) {
      if (!present.contains(p)) {
        ip.run(ruleArgs(family, "add", p));
        LOG.info(
            "delivering {} {}:{} to the forwarder", p.protocol(), IpText.format(p.vip()), p.port());
      }
    }
  }

  private void syncRoutes(String family, Set<InetAddress> vips) throws IOException {
    Set<InetAddress> present = new HashSet<>();
    for (JsonNode r : routes(family)) {
      InetAddress dst = parse(r.path("dst").asText(""));
      if (dst == null || !vips.contains(dst) || !"local".equals(r.path("type").asText())) {
        ip.run(
            List.of(
                family,
                "route",
                "del",
                r.path("type").asText("unicast"),
                r.path("dst").asText(),
                "table",
                MARK));
      } else {
        present.add(dst);
      }
    }
    for (InetAddress vip : vips) {
      if (!present.contains(vip)) {
        ip.run(List.of(family, "route", "replace", "local", host(vip), "dev", "lo", "table", MARK));
      }
    }
  }

  /** The routes of our table; none when the kernel has not created it yet. */
  private JsonNode routes(String family) throws IOException {
    try {
      return ip.json(List.of(family, "route", "show", "table", MARK));
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("table does not exist")) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      }
      throw e;
    }
  }

  private void deleteRule(String family, JsonNode r) throws IOException {
    List<String> args = new ArrayList<>(List.of(family, "rule", "del", "priority", MARK));
    if (r.has("dst")) {
      args.addAll(
          List.of(
              "to",
              r.get("dst").asText() + (r.has("dstlen") ? "/" + r.get("dstlen").asText() : "")));
    }
    if (r.has("ipproto")) {
      args.addAll(List.of("ipproto", r.get("ipproto").asText()));
    }
    if (r.has("dport")) {
      args.addAll(List.of("dport", r.get("dport").asText()));
    }
    args.addAll(List.of("lookup", r.path("table").asText(MARK)));
    ip.run(args);
  }

  private static List<String> ruleArgs(String family, String verb, Port p) {
    return List.of(
        family,
        "rule",
        verb,
        "priority",
        MARK,
        "to",
        host(p.vip()),
        "ipproto",
        p.protocol().name().toLowerCase(Locale.ROOT),
        "dport",
        Integer.toString(p.port()),
        "lookup",
        MARK);
  }

  /** The rule's VIP port, or null when it is not one of ours in the expected shape. */
  private static Port port(JsonNode r) {
    InetAddress dst = parse(r.path("dst").asText(""));
    String proto = r.path("ipproto").asText("");
    int port = r.path("dport").asInt(0);
    if (dst == null
        || port == 0
        || r.has("dstlen") && r.get("dstlen").asInt() != dst.getAddress().length * 8) {
      return null;
    }
    return switch (proto) {
      case "tcp" -> new Port(L4Protocol.TCP, dst, port);
      case "udp" -> new Port(L4Protocol.UDP, dst, port);
      default -> null;
    };
  }

  private static String host(InetAddress a) {
    return IpText.format(a) + (a instanceof Inet6Address ? "/128" : "/32");
  }

  private static InetAddress parse(String text) {
    try {
      return text.isEmpty() ? null : IpText.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    apply(Set.of());
  }
}
