package io.ironlb.lab.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Debian's FRR 8.4 in a namespace: zebra, bfdd and bgpd (bgpd reaches bfdd through zebra), each
 * with its own pid file, vty socket directory and zserv path so that nothing collides with another
 * FRR on the machine; bgpd runs with {@code -n} (installs nothing into the kernel). Configured
 * through vtysh; BFD uses the profile {@code ilb} (100 ms x 3).
 */
final class FrrDaemon implements RoutingDaemon {

  static final long ASN = 64512;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RouterNamespace ns;
  private final Path dir;
  private final List<DaemonProcess> processes = new ArrayList<>();
  private Optional<DaemonPeer> current = Optional.empty();

  private FrrDaemon(RouterNamespace ns, Path dir) {
    this.ns = ns;
    this.dir = dir;
  }

  /** Starts zebra, bfdd and bgpd in {@code ns} and waits until vtysh reaches all three. */
  static FrrDaemon start(RouterNamespace ns) {
    FrrDaemon frr = new FrrDaemon(ns, tempDir("ironlb-frr"));
    try {
      frr.startDaemons();
      return frr;
    } catch (RuntimeException | AssertionError e) {
      frr.close();
      throw e;
    }
  }

  private void startDaemons() {
    String id = BgpSegment.text(ns.v4());
    write(
        "bfdd.conf",
        "bfd\n profile ilb\n  receive-interval 100\n  transmit-interval 100\n"
            + "  detect-multiplier 3\n exit\nexit\n");
    write(
        "bgpd.conf",
        String.join(
            "\n",
            "router bgp " + ASN,
            " bgp router-id " + id,
            " bgp log-neighbor-changes",
            " no bgp ebgp-requires-policy",
            " no bgp default ipv4-unicast",
            " no bgp network import-check",
            ""));
    write("zebra.conf", "");
    start("zebra", LabPreconditions.FRR_ZEBRA);
    start("bfdd", LabPreconditions.FRR_BFDD, "--bfdctl", dir + "/bfdd.sock");
    // -n: no kernel routes (the namespace's table stays as the test made it)
    start("bgpd", LabPreconditions.FRR_BGPD, "-n");
    Awaits.until(
        "vtysh reaches zebra, bfdd and bgpd\n" + logs(),
        java.time.Duration.ofSeconds(20),
        () -> {
          processes.forEach(DaemonProcess::requireAlive);
          Shell.Result r = vtyshResult("show daemons");
          return r.exit() == 0
              && r.output().contains("zebra")
              && r.output().contains("bfdd")
              && r.output().contains("bgpd");
        });
  }

  private void start(String daemon, String binary, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(binary));
    cmd.addAll(
        List.of(
            "-f", dir + "/" + daemon + ".conf",
            "-i", dir + "/" + daemon + ".pid",
            "--vty_socket", dir.toString(),
            "-z", dir + "/zserv.api",
            "-P", "0",
            "--log", "file:" + dir + "/" + daemon + ".log"));
    cmd.addAll(List.of(extra));
    processes.add(DaemonProcess.start(ns, dir, daemon, cmd.toArray(String[]::new)));
  }

  @Override
  public String name() {
    return "FRR 8.4";
  }

  @Override
  public RouterNamespace namespace() {
    return ns;
  }

  @Override
  public long asn() {
    return ASN;
  }

  @Override
  public void peer(DaemonPeer peer) {
    unpeer();
    String a = BgpSegment.text(peer.address());
    List<String> cmds = new ArrayList<>(List.of("configure terminal", "router bgp " + ASN));
    cmds.add("neighbor " + a + " remote-as " + peer.remoteAs());
    cmds.add("neighbor " + a + " timers " + peer.keepaliveSeconds() + " " + peer.holdSeconds());
    cmds.add("neighbor " + a + " timers connect 1");
    peer.password().ifPresent(p -> cmds.add("neighbor " + a + " password " + p));
    if (peer.bfd()) {
      cmds.add("neighbor " + a + " bfd profile ilb");
    }
    cmds.add("address-family " + (peer.ipv6() ? "ipv6" : "ipv4") + " unicast");
    cmds.add("neighbor " + a + " activate");
    vtysh(cmds.toArray(String[]::new));
    current = Optional.of(peer);
  }

  @Override
  public void unpeer() {
    current.ifPresent(
        p ->
            vtysh(
                "configure terminal",
                "router bgp " + ASN,
                "no neighbor " + BgpSegment.text(p.address())));
    current = Optional.empty();
  }

  /** Adds a second neighbor (another daemon), without touching IronLB's. */
  void addNeighbor(InetAddress address, long remoteAs, DaemonPeer timersFrom) {
    String a = BgpSegment.text(address);
    List<String> cmds = new ArrayList<>(List.of("configure terminal", "router bgp " + ASN));
    cmds.add("neighbor " + a + " remote-as " + remoteAs);
    cmds.add(
        "neighbor "
            + a
            + " timers "
            + timersFrom.keepaliveSeconds()
            + " "
            + timersFrom.holdSeconds());
    cmds.add("neighbor " + a + " timers connect 1");
    if (timersFrom.bfd()) {
      cmds.add("neighbor " + a + " bfd profile ilb");
    }
    cmds.add(
        "address-family "
            + (address instanceof java.net.Inet6Address ? "ipv6" : "ipv4")
            + " unicast");
    cmds.add("neighbor " + a + " activate");
    vtysh(cmds.toArray(String[]::new));
  }

  /** Removes a neighbor added by {@link #addNeighbor}. */
  void removeNeighbor(InetAddress address) {
    vtysh("configure terminal", "router bgp " + ASN, "no neighbor " + BgpSegment.text(address));
  }

  @Override
  public boolean established(InetAddress neighbor) {
    return "Established".equals(neighborJson(neighbor).path("bgpState").asText());
  }

  /** {@code show bgp neighbors A json}, the object for A (missing node when unknown). */
  JsonNode neighborJson(InetAddress neighbor) {
    String a = BgpSegment.text(neighbor);
    return json("show bgp neighbors " + a + " json").path(a);
  }

  @Override
  public boolean receivedBadPeerAs(InetAddress neighbor) {
    // logged with bgp log-neighbor-changes; the JSON counters only cover the connection FRR
    // dialled, not one it accepted and lost before Established
    return DaemonProcess.tail(dir.resolve("bgpd.log"), 500)
        .contains("%NOTIFICATION: received from neighbor " + BgpSegment.text(neighbor) + " 2/2");
  }

  /** The BFD session's status with {@code peer} as bfdd reports it ({@code "up"}, ...). */
  String bfdStatus(InetAddress peer) {
    JsonNode all = json("show bfd peers json");
    for (JsonNode s : all) {
      if (BgpSegment.text(peer).equals(s.path("peer").asText())) {
        return s.path("status").asText();
      }
    }
    return "none";
  }

  @Override
  public Optional<RibRoute> route(String prefix, InetAddress neighbor) {
    String afi = prefix.contains(":") ? "ipv6" : "ipv4";
    JsonNode r = json("show bgp " + afi + " unicast " + prefix + " json");
    for (JsonNode path : r.path("paths")) {
      if (!BgpSegment.text(neighbor).equals(path.path("peer").path("peerId").asText())) {
        continue;
      }
      List<Long> asPath = new ArrayList<>();
      for (String as : path.path("aspath").path("string").asText("").split(" ")) {
        if (!as.isBlank() && !as.equals("Local")) {
          asPath.add(Long.parseLong(as));
        }
      }
      String nextHop = "";
      for (JsonNode nh : path.path("nexthops")) {
        if (!"link-local".equals(nh.path("scope").asText())) {
          nextHop = nh.path("ip").asText();
          break;
        }
      }
      return Optional.of(
          new RibRoute(
              r.path("prefix").asText(),
              nextHop,
              path.has("locPrf")
                  ? OptionalLong.of(path.get("locPrf").asLong())
                  : OptionalLong.empty(),
              words(path.path("community").path("string").asText("")),
              words(path.path("largeCommunity").path("string").asText("")),
              asPath));
    }
    return Optional.empty();
  }

  @Override
  public String diagnostics() {
    StringBuilder s = new StringBuilder("FRR in ").append(ns.name()).append('\n');
    current.ifPresent(
        p -> s.append(vtyshResult("show bgp neighbors " + BgpSegment.text(p.address())).output()));
    s.append(vtyshResult("show bfd peers").output());
    return s.append(logs()).toString();
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (String d : List.of("bgpd", "bfdd", "zebra")) {
      s.append('\n').append(DaemonProcess.tail(dir.resolve(d + ".log"), 20));
      s.append('\n').append(DaemonProcess.tail(dir.resolve(d + ".out"), 5));
    }
    return s.toString();
  }

  /** Runs vtysh commands in order (one {@code -c} each); fails when vtysh reports an error. */
  String vtysh(String... commands) {
    Shell.Result r = vtyshResult(commands);
    if (r.exit() != 0 || r.output().contains("% ")) {
      throw new AssertionError("vtysh " + List.of(commands) + " failed:\n" + r.output());
    }
    return r.output();
  }

  JsonNode json(String command) {
    String out = vtyshResult(command).output();
    try {
      return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    } catch (IOException e) {
      throw new AssertionError("vtysh " + command + " gave no JSON:\n" + out, e);
    }
  }

  private Shell.Result vtyshResult(String... commands) {
    List<String> cmd =
        new ArrayList<>(List.of(LabPreconditions.VTYSH, "--vty_socket", dir.toString()));
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    return ns.exec(cmd.toArray(String[]::new));
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
    DaemonProcess.removeDirectory(dir);
  }

  private void write(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split(" +"));
  }

  /** A temporary directory the daemons (which drop to their own user) can write to. */
  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
