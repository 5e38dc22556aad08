package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ironlb.speaker.bgp.session.BgpSession;
import io.ironlb.speaker.bgp.session.BgpState;
import io.ironlb.speaker.bgp.session.EventLoopScheduler;
import io.ironlb.speaker.bgp.session.FsmConfig;
import io.ironlb.speaker.bgp.session.PeerEndpoint;
import io.ironlb.speaker.bgp.session.RouteAttributes;
import io.ironlb.speaker.bgp.session.RouteGroup;
import io.ironlb.speaker.bgp.session.SessionListener;
import io.ironlb.speaker.bgp.session.SessionTransport;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.attr.LargeCommunities.LargeCommunity;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * IronLB's BGP session against a real FRR (Debian's bgpd) in a network namespace of its own: the
 * session reaches Established, FRR's RIB holds the announced prefix with IronLB's communities and
 * large communities and the right next hop, and a withdrawal removes it. The test JVM is the
 * speaker (in this host's namespace, on a veth into FRR's namespace, 203.0.113.0/24).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrrInteropIT {

  private static final String NS = "ilb-bgp-frr";
  private static final String HOST_IF = "ilb-bgp-h";
  private static final String HOST_IP = "203.0.113.1";
  private static final String FRR_IP = "203.0.113.2";
  private Path dir;
  private Process bgpd;
  private EventLoopGroup group;

  @BeforeAll
  void startFrr() throws Exception {
    boolean root = LabEnv.isRoot();
    boolean frr = Files.isExecutable(Path.of("/usr/lib/frr/bgpd"));
    if (!(root && frr) && System.getenv("CI") == null) {
      assumeTrue(false, "needs root and FRR (/usr/lib/frr/bgpd; bin/setup installs it)");
    }
    assertThat(root).as("root (network namespaces)").isTrue();
    assertThat(frr).as("FRR installed (bin/setup)").isTrue();
    assertThat(run("ip", "-4", "route", "show", "match", "203.0.113.0/24"))
        .as("this host must not route 203.0.113.0/24 already")
        .doesNotContain("203.0.113.0/24");
    dir = Files.createTempDirectory("ironlb-frr");
    sh("ip netns add " + NS);
    sh("ip link add " + HOST_IF + " type veth peer name eth0 netns " + NS);
    sh("ip addr add " + HOST_IP + "/24 dev " + HOST_IF + " && ip link set " + HOST_IF + " up");
    sh("ip -n " + NS + " addr add " + FRR_IP + "/24 dev eth0 && ip -n " + NS + " link set eth0 up");
    sh("ip -n " + NS + " link set lo up");
    Files.writeString(
        dir.resolve("bgpd.conf"),
        String.join(
            "\n",
            "router bgp 64512",
            " bgp router-id " + FRR_IP,
            " no bgp ebgp-requires-policy",
            " neighbor " + HOST_IP + " remote-as 64513",
            " neighbor " + HOST_IP + " timers 3 9",
            ""));
    bgpd =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                NS,
                "/usr/lib/frr/bgpd",
                "-f",
                dir + "/bgpd.conf",
                "-i",
                dir + "/bgpd.pid",
                "--vty_socket",
                dir.toString(),
                "-z",
                dir + "/zserv.api",
                "-Z",
                "-n",
                "-S",
                "--log",
                "file:" + dir + "/bgpd.log")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("bgpd.out").toFile())
            .start();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  void stopFrr() throws Exception {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
    if (bgpd != null) {
      bgpd.destroy();
      if (!bgpd.waitFor(5, TimeUnit.SECONDS)) {
        bgpd.destroyForcibly();
      }
    }
    sh("ip link del " + HOST_IF + " 2>/dev/null; ip netns del " + NS + " 2>/dev/null; true");
  }

  @Test
  void frrLearnsAndForgetsTheAnnouncedPrefixWithItsCommunities() throws Exception {
    AtomicReference<List<RouteGroup>> v4 =
        new AtomicReference<>(
            List.of(
                new RouteGroup(
                    new RouteAttributes(
                        0, List.of((64513L << 16) | 100), List.of(new LargeCommunity(64513, 1, 2))),
                    List.of(Prefix.parse("198.51.100.240/32")))));
    FsmConfig config =
        new FsmConfig(
            64513,
            OptionalLong.of(64512),
            Optional.empty(),
            (Inet4Address) InetAddress.getByName(HOST_IP),
            Duration.ofSeconds(9),
            Duration.ofSeconds(3),
            FsmConfig.DEFAULT_CONNECT_RETRY,
            Duration.ofSeconds(4),
            Set.of(AddressFamily.IPV4_UNICAST),
            false,
            Optional.empty());
    PeerEndpoint endpoint =
        new PeerEndpoint(
            "frr",
            new InetSocketAddress(FRR_IP, 179),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            1,
            Duration.ofSeconds(5),
            Optional.empty(),
            Optional.empty());
    List<String> states = new ArrayList<>();
    SessionListener listener = (peer, from, to, reason) -> states.add(from + "->" + to);
    var loop = group.next();
    BgpSession session =
        new BgpSession(
            config,
            endpoint,
            new SessionTransport(loop, NioSocketChannel.class),
            new EventLoopScheduler(loop),
            family -> family.equals(AddressFamily.IPV4_UNICAST) ? v4.get() : List.of(),
            listener);
    session.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> session.state() == BgpState.ESTABLISHED);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(vtysh("show bgp ipv4 unicast 198.51.100.240/32"))
                      .contains("64513")
                      .contains("from " + HOST_IP)
                      .contains("Community: 64513:100")
                      .contains("Large Community: 64513:1:2"));

      v4.set(List.of());
      session.routesChanged();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(vtysh("show bgp ipv4 unicast 198.51.100.240/32"))
                      .contains("Network not in table"));
      assertThat(vtysh("show bgp summary")).contains(HOST_IP);
    } finally {
      session.stop();
      System.out.println("session states: " + states);
    }
  }

  private String vtysh(String command) throws Exception {
    return run("ip", "netns", "exec", NS, "vtysh", "--vty_socket", dir.toString(), "-c", command);
  }

  private static void sh(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", script, out).isZero();
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
