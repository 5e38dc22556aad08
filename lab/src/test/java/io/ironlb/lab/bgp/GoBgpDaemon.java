package io.ironlb.lab.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Debian's GoBGP 3.10 in a namespace: gobgpd in the foreground with a TOML file that is rewritten
 * and reloaded with SIGHUP for each peering (the neighbor is first removed, then added, so each
 * case starts from a fresh peer); its gRPC API listens on the namespace's loopback only, where the
 * {@code gobgp} client reaches it. Routes to announce are loaded with {@code gobgp mrt inject}.
 */
final class GoBgpDaemon implements RoutingDaemon {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RouterNamespace ns;
  private final long asn;
  private final Path dir;
  private final Map<InetAddress, DaemonPeer> neighbors = new LinkedHashMap<>();
  private final DaemonProcess gobgpd;
  private Optional<DaemonPeer> current = Optional.empty();

  private GoBgpDaemon(RouterNamespace ns, long asn, Path dir) {
    this.ns = ns;
    this.asn = asn;
    this.dir = dir;
    writeConfig();
    this.gobgpd =
        DaemonProcess.start(
            ns,
            dir,
            "gobgpd",
            LabPreconditions.GOBGPD,
            "-f",
            dir + "/gobgpd.toml",
            "-t",
            "toml",
            "-p",
            "--api-hosts",
            "127.0.0.1:50051",
            "--pprof-disable");
  }

  /** Starts gobgpd in {@code ns} as AS {@code asn} and waits until its API answers. */
  static GoBgpDaemon start(RouterNamespace ns, long asn) {
    GoBgpDaemon g = new GoBgpDaemon(ns, asn, FrrDaemon.tempDir("ironlb-gobgp"));
    try {
      Awaits.until(
          () -> "the gobgp client reaches gobgpd\n" + g.diagnostics(),
          Duration.ofSeconds(20),
          () -> {
            g.gobgpd.requireAlive();
            return g.gobgp("global").output().contains("AS:");
          });
      return g;
    } catch (RuntimeException | AssertionError e) {
      g.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "GoBGP 3.10";
  }

  @Override
  public RouterNamespace namespace() {
    return ns;
  }

  @Override
  public long asn() {
    return asn;
  }

  @Override
  public void peer(DaemonPeer peer) {
    unpeer();
    current = Optional.of(peer);
    addNeighbor(peer);
  }

  @Override
  public void unpeer() {
    current.ifPresent(p -> removeNeighbor(p.address()));
    current = Optional.empty();
  }

  /** Adds a neighbor (IronLB's or another daemon) and waits until gobgpd has it. */
  void addNeighbor(DaemonPeer peer) {
    neighbors.put(peer.address(), peer);
    reload(
        "neighbor " + BgpSegment.text(peer.address()) + " added",
        () ->
            neighborJson(peer.address()).path("conf").path("peer_asn").asLong() == peer.remoteAs());
  }

  /** Removes a neighbor and waits until gobgpd no longer has it. */
  void removeNeighbor(InetAddress address) {
    if (neighbors.remove(address) != null) {
      reload(
          "neighbor " + BgpSegment.text(address) + " removed",
          () -> neighborJson(address).isMissingNode());
    }
  }

  private void reload(String what, java.util.concurrent.Callable<Boolean> done) {
    writeConfig();
    gobgpd.hangUp();
    Awaits.until(() -> what + "\n" + diagnostics(), Duration.ofSeconds(15), done);
  }

  private void writeConfig() {
    List<String> c = new ArrayList<>();
    c.add("[global.config]");
    c.add("  as = " + asn);
    c.add("  router-id = \"" + BgpSegment.text(ns.v4()) + "\"");
    c.add(
        "  local-address-list = [\""
            + BgpSegment.text(ns.v4())
            + "\", \""
            + BgpSegment.text(ns.v6())
            + "\"]");
    for (DaemonPeer p : neighbors.values()) {
      String family = p.ipv6() ? "ipv6-unicast" : "ipv4-unicast";
      c.add("[[neighbors]]");
      c.add("  [neighbors.config]");
      c.add("    neighbor-address = \"" + BgpSegment.text(p.address()) + "\"");
      c.add("    peer-as = " + p.remoteAs());
      p.password().ifPresent(pw -> c.add("    auth-password = \"" + pw + "\""));
      c.add("  [neighbors.timers.config]");
      c.add("    hold-time = " + p.holdSeconds());
      c.add("    keepalive-interval = " + p.keepaliveSeconds());
      c.add("    connect-retry = 1");
      c.add("    idle-hold-time-after-reset = 1");
      c.add("  [neighbors.transport.config]");
      c.add("    local-address = \"" + BgpSegment.text(p.ipv6() ? ns.v6() : ns.v4()) + "\"");
      c.add("  [[neighbors.afi-safis]]");
      c.add("    [neighbors.afi-safis.config]");
      c.add("      afi-safi-name = \"" + family + "\"");
    }
    try {
      Files.writeString(dir.resolve("gobgpd.toml"), String.join("\n", c) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code gobgp neighbor A -j}; a missing node when gobgpd has no such neighbor. */
  JsonNode neighborJson(InetAddress neighbor) {
    Shell.Result r = gobgp("neighbor", BgpSegment.text(neighbor), "-j");
    if (r.exit() != 0 || !r.output().trim().startsWith("{")) {
      return JSON.missingNode();
    }
    return parse(r.output());
  }

  @Override
  public boolean established(InetAddress neighbor) {
    return neighborJson(neighbor).path("state").path("session_state").asInt() == 6;
  }

  @Override
  public Optional<RibRoute> route(String prefix, InetAddress neighbor) {
    String family = prefix.contains(":") ? "ipv6" : "ipv4";
    Shell.Result r = gobgp("global", "rib", "-a", family, prefix, "-j");
    if (r.exit() != 0 || !r.output().trim().startsWith("{")) {
      return Optional.empty();
    }
    for (JsonNode path : parse(r.output()).path(prefix)) {
      if (!BgpSegment.text(neighbor).equals(path.path("neighbor-ip").asText())) {
        continue;
      }
      return Optional.of(toRoute(prefix, path));
    }
    return Optional.empty();
  }

  private static RibRoute toRoute(String prefix, JsonNode path) {
    String nextHop = "";
    OptionalLong localPref = OptionalLong.empty();
    List<String> communities = new ArrayList<>();
    List<String> large = new ArrayList<>();
    List<Long> asPath = new ArrayList<>();
    for (JsonNode a : path.path("attrs")) {
      switch (a.path("type").asInt()) {
        case 2 ->
            a.path("as_paths")
                .forEach(seg -> seg.path("asns").forEach(n -> asPath.add(n.asLong())));
        case 3, 14 -> nextHop = a.path("nexthop").asText(nextHop);
        case 5 -> localPref = OptionalLong.of(a.path("value").asLong());
        case 8 ->
            a.path("communities")
                .forEach(n -> communities.add((n.asLong() >>> 16) + ":" + (n.asLong() & 0xFFFF)));
        case 32 ->
            a.path("value")
                .forEach(
                    l ->
                        large.add(
                            l.path("ASN").asLong()
                                + ":"
                                + l.path("LocalData1").asLong()
                                + ":"
                                + l.path("LocalData2").asLong()));
        default -> {}
      }
    }
    return new RibRoute(prefix, nextHop, localPref, communities, large, asPath);
  }

  /** Loads an MRT TABLE_DUMP_V2 file into the global RIB and waits until it holds {@code count}. */
  void inject(Path mrt, int family4Count) {
    Shell.Result r =
        Shell.exec(
            Duration.ofSeconds(120),
            List.of(
                "ip",
                "netns",
                "exec",
                ns.name(),
                LabPreconditions.GOBGP,
                "mrt",
                "inject",
                "global",
                mrt.toString()));
    if (r.exit() != 0) {
      throw new AssertionError("gobgp mrt inject failed:\n" + r.output());
    }
    Awaits.until(
        () ->
            "GoBGP's RIB holds the "
                + family4Count
                + " injected routes: "
                + gobgp("global", "rib", "summary", "-a", "ipv4").output(),
        Duration.ofSeconds(60),
        () -> ipv4RibSize() == family4Count);
  }

  /** The number of IPv4 destinations in the global RIB. */
  long ipv4RibSize() {
    String out = gobgp("global", "rib", "summary", "-a", "ipv4").output();
    int i = out.indexOf("Destination: ");
    if (i < 0) {
      return -1;
    }
    String n = out.substring(i + "Destination: ".length()).split(",")[0].trim();
    return Long.parseLong(n);
  }

  @Override
  public boolean receivedBadPeerAs(InetAddress neighbor) {
    // GoBGP logs the code of a NOTIFICATION only for a session that was up ("received
    // notification" ... Code=2 Subcode=2); before that only its message counter shows it
    String log = DaemonProcess.tail(dir.resolve("gobgpd.out"), 200);
    boolean logged =
        log.lines()
            .anyMatch(
                l ->
                    l.contains(BgpSegment.text(neighbor))
                        && l.contains("received notification")
                        && l.contains("Code=2")
                        && l.contains("Subcode=2"));
    return logged
        || neighborJson(neighbor)
                .path("state")
                .path("messages")
                .path("received")
                .path("notification")
                .asLong()
            > 0;
  }

  @Override
  public String diagnostics() {
    StringBuilder s = new StringBuilder("GoBGP in ").append(ns.name()).append('\n');
    s.append(gobgp("neighbor").output());
    return s.append(DaemonProcess.tail(dir.resolve("gobgpd.out"), 25)).toString();
  }

  Shell.Result gobgp(String... args) {
    List<String> cmd = new ArrayList<>(List.of(LabPreconditions.GOBGP));
    cmd.addAll(List.of(args));
    return ns.exec(cmd.toArray(String[]::new));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    gobgpd.close();
    DaemonProcess.removeDirectory(dir);
  }
}
