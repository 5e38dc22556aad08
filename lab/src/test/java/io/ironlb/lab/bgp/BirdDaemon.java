package io.ironlb.lab.bgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Debian's BIRD 2.0.12 in a namespace, in the foreground with its own control socket. Each peering
 * is a BGP protocol of a new name ({@code p1}, {@code p2}, ...) in a rewritten configuration that
 * {@code birdc configure} applies, so no state carries over between cases. BFD: {@code protocol
 * bfd} on the interface at 100 ms x 3 and {@code bfd on} in the BGP protocol.
 */
final class BirdDaemon implements RoutingDaemon {

  static final long ASN = 64512;

  private final RouterNamespace ns;
  private final long asn;
  private Optional<String> announced = Optional.empty();
  private final Path dir;
  private final DaemonProcess bird;
  private Optional<DaemonPeer> current = Optional.empty();
  private int generation;

  private BirdDaemon(RouterNamespace ns, long asn, Path dir) {
    this.ns = ns;
    this.asn = asn;
    this.dir = dir;
    writeConfig();
    this.bird =
        DaemonProcess.start(
            ns,
            dir,
            "bird",
            LabPreconditions.BIRD,
            "-f",
            "-c",
            dir + "/bird.conf",
            "-s",
            dir + "/bird.ctl",
            "-P",
            dir + "/bird.pid");
  }

  /** Starts BIRD in {@code ns} as AS 64512 and waits until birdc reaches it. */
  static BirdDaemon start(RouterNamespace ns) {
    return start(ns, ASN);
  }

  /** Starts BIRD in {@code ns} as AS {@code asn} and waits until birdc reaches it. */
  static BirdDaemon start(RouterNamespace ns, long asn) {
    BirdDaemon b = new BirdDaemon(ns, asn, FrrDaemon.tempDir("ironlb-bird"));
    try {
      Awaits.until(
          () -> "birdc reaches BIRD\n" + b.diagnostics(),
          Duration.ofSeconds(20),
          () -> {
            b.bird.requireAlive();
            return b.birdc("show status").output().contains("Daemon is up and running");
          });
      return b;
    } catch (RuntimeException | AssertionError e) {
      b.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "BIRD 2.0.12";
  }

  @Override
  public RouterNamespace namespace() {
    return ns;
  }

  @Override
  public long asn() {
    return asn;
  }

  /**
   * Makes BIRD originate {@code prefix} (a static blackhole route, in BIRD's tables only) and
   * export it to the next peering: BIRD as the speaker side, the reference of the failover drill.
   */
  void announce(String prefix) {
    announced = Optional.of(prefix);
  }

  @Override
  public void peer(DaemonPeer peer) {
    current = Optional.of(peer);
    generation++;
    reconfigure();
  }

  @Override
  public void unpeer() {
    current = Optional.empty();
    reconfigure();
  }

  private void reconfigure() {
    writeConfig();
    Shell.Result r = birdc("configure");
    if (r.exit() != 0 || r.output().toLowerCase().contains("error")) {
      throw new AssertionError("birdc configure failed:\n" + r.output() + diagnostics());
    }
  }

  private String protocol() {
    return "p" + generation;
  }

  private void writeConfig() {
    List<String> c = new ArrayList<>();
    c.add("router id " + BgpSegment.text(ns.v4()) + ";");
    c.add("log \"" + dir + "/bird.log\" all;");
    c.add("debug protocols { states, events };");
    c.add("protocol device { }");
    String iface = "\"" + RouterNamespace.IFACE + "\"";
    c.add(
        "protocol bfd { interface "
            + iface
            + " { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }");
    announced.ifPresent(
        p ->
            c.add(
                "protocol static originated { "
                    + (p.contains(":") ? "ipv6" : "ipv4")
                    + "; route "
                    + p
                    + " blackhole; }"));
    current.ifPresent(p -> c.addAll(bgpProtocol(p)));
    try {
      Files.writeString(dir.resolve("bird.conf"), String.join("\n", c) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> bgpProtocol(DaemonPeer p) {
    List<String> c = new ArrayList<>();
    String local = BgpSegment.text(p.ipv6() ? ns.v6() : ns.v4());
    c.add("protocol bgp " + protocol() + " {");
    c.add("  local " + local + " as " + asn + ";");
    c.add("  neighbor " + BgpSegment.text(p.address()) + " as " + p.remoteAs() + ";");
    c.add("  direct;");
    c.add("  hold time " + p.holdSeconds() + "; keepalive time " + p.keepaliveSeconds() + ";");
    c.add("  connect retry time 1; error wait time 1, 4;");
    p.password().ifPresent(pw -> c.add("  password \"" + pw + "\";"));
    if (p.bfd()) {
      c.add("  bfd on;");
    }
    // BIRD refuses eBGP without explicit filters (STACK.md); gateway direct: the next hop is on
    // the shared segment, no recursive lookup (iBGP's default) needed
    String export = announced.isPresent() ? "where proto = \"originated\"" : "none";
    c.add(
        "  "
            + (p.ipv6() ? "ipv6" : "ipv4")
            + " { import all; export "
            + export
            + "; gateway direct; };");
    c.add("}");
    return c;
  }

  @Override
  public boolean established(InetAddress neighbor) {
    return current.filter(p -> p.address().equals(neighbor)).isPresent()
        && birdc("show protocols all " + protocol())
            .output()
            .contains("BGP state:          Established");
  }

  @Override
  public boolean receivedBadPeerAs(InetAddress neighbor) {
    return current.filter(p -> p.address().equals(neighbor)).isPresent()
        && birdc("show protocols all " + protocol()).output().contains("Received: Bad peer AS");
  }

  /** The BFD session with {@code peer} as BIRD shows it ({@code "Up"}, ...), or "none". */
  String bfdState(InetAddress peer) {
    for (String line : birdc("show bfd sessions").output().lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals(BgpSegment.text(peer))) {
        return f[2];
      }
    }
    return "none";
  }

  @Override
  public Optional<RibRoute> route(String prefix, InetAddress neighbor) {
    if (current.filter(p -> p.address().equals(neighbor)).isEmpty()) {
      return Optional.empty();
    }
    String table = prefix.contains(":") ? "master6" : "master4";
    String out = birdc("show route all " + prefix + " table " + table).output();
    return parseRoute(out, prefix, "[" + protocol() + " ");
  }

  /** Parses {@code show route all} output: the route of {@code prefix} from {@code fromProto}. */
  static Optional<RibRoute> parseRoute(String out, String prefix, String fromProto) {
    boolean in = false;
    String nextHop = "";
    OptionalLong localPref = OptionalLong.empty();
    List<String> communities = List.of();
    List<String> large = List.of();
    List<Long> asPath = new ArrayList<>();
    boolean found = false;
    for (String line : out.lines().toList()) {
      String t = line.trim();
      if (!line.startsWith("\t")) { // a route's first line (alternatives start with spaces)
        in = line.contains(fromProto);
        found |= in;
        continue;
      }
      if (!in) {
        continue;
      }
      if (t.startsWith("BGP.next_hop:")) {
        nextHop = value(t).split(" ")[0];
      } else if (t.startsWith("BGP.local_pref:")) {
        localPref = OptionalLong.of(Long.parseLong(value(t)));
      } else if (t.startsWith("BGP.community:")) {
        communities = pairs(value(t));
      } else if (t.startsWith("BGP.large_community:")) {
        large = pairs(value(t));
      } else if (t.startsWith("BGP.as_path:")) {
        for (String as : value(t).split(" ")) {
          if (!as.isBlank()) {
            asPath.add(Long.parseLong(as));
          }
        }
      }
    }
    return found
        ? Optional.of(new RibRoute(prefix, nextHop, localPref, communities, large, asPath))
        : Optional.empty();
  }

  private static String value(String line) {
    return line.substring(line.indexOf(':') + 1).trim();
  }

  /** {@code (64513,100) (64513,200)} or {@code (64513, 1, 2)} to {@code 64513:100}, .... */
  private static List<String> pairs(String s) {
    List<String> out = new ArrayList<>();
    for (String group : s.split("\\)")) {
      String g = group.replace("(", "").replace(" ", "").trim();
      if (!g.isEmpty()) {
        out.add(g.replace(',', ':'));
      }
    }
    return out;
  }

  @Override
  public String diagnostics() {
    StringBuilder s = new StringBuilder("BIRD in ").append(ns.name()).append('\n');
    if (current.isPresent()) {
      s.append(birdc("show protocols all " + protocol()).output());
    }
    s.append(birdc("show bfd sessions").output());
    s.append(DaemonProcess.tail(dir.resolve("bird.log"), 25)).append('\n');
    return s.append(DaemonProcess.tail(dir.resolve("bird.out"), 5)).toString();
  }

  Shell.Result birdc(String command) {
    List<String> cmd = new ArrayList<>(List.of(LabPreconditions.BIRDC, "-s", dir + "/bird.ctl"));
    cmd.addAll(List.of(command.split(" ")));
    return ns.exec(cmd.toArray(String[]::new));
  }

  @Override
  public void close() {
    bird.close();
    DaemonProcess.removeDirectory(dir);
  }
}
