package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * BGP mode end to end ({@code IRONLB_LAB_MODE=bgp bin/lab up}): every node's speaker peers with a
 * real router in the namespace ilb-router, the router's RIB holds each Service IP with every
 * announcing node as next hop and the advertisement's communities, its kernel FIB has one ECMP
 * route per Service IP, and the client behind the router is answered by more than one node. With
 * {@code ipMode: Proxy} (orders 8-9) every announcing node's forwarder carries the VIP: the
 * client's connections, spread by the router's ECMP, reach the forwarders of more than one node
 * (their metrics count them), go on to every node's NodePort, and a PROXY protocol backend sees the
 * client's own address behind the router. One subclass per router daemon ({@link BgpLabFrrIT},
 * {@link BgpLabBirdIT}, {@link BgpLabGobgpIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BgpLabIT {

  static final List<String> NODES = List.of("node1", "node2", "node3");
  // A BFD flap on the shared 2-core host (load 7-15 while others build) costs a session a few
  // seconds of backoff; 60 s leaves room for one.
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final Pattern VIA = Pattern.compile("via (\\S+) dev");

  /** The client's address on its link behind the router (bin/lab-net's client_ip4_bgp). */
  private static final String CLIENT_V4 = "203.0.113.130";

  private final BgpLabRouter router;
  private LabShell lab;

  BgpLabIT(BgpLabRouter router) {
    this.router = router;
  }

  @BeforeAll
  void startLab() {
    boolean root = LabEnv.isRoot();
    if (!root && System.getenv("CI") == null) {
      assumeTrue(false, "the lab needs root (network namespaces)");
    }
    assertThat(root).as("the lab tests need root: network namespaces and a bridge").isTrue();
    assertThat(Files.exists(Path.of("/sys/class/net/ilb0")))
        .as("a lab is already running on this machine (bridge ilb0): run `make lab-down` first")
        .isFalse();
    Path state = Path.of("target/lab-bgp-" + router.kind()).toAbsolutePath();
    lab = new LabShell(state, Map.of("IRONLB_LAB_MODE", "bgp", "IRONLB_LAB_ROUTER", router.kind()));
    LabShell.Result up = lab.lab(Duration.ofMinutes(10), null, "up");
    System.out.println(up.output());
    assertThat(up.exit()).as("bin/lab up:\n%s", up.output()).isZero();
    assertThat(up.output()).contains("hello from node");
  }

  @AfterAll
  void stopLab() {
    if (lab != null) {
      System.out.println(lab.lab(Duration.ofMinutes(2), null, "down").output());
    }
  }

  @Test
  @Order(1)
  void everyNodeHasAnEstablishedSessionOverIpv4AndIpv6() {
    Set<String> all = new TreeSet<>();
    for (String n : NODES) {
      all.add(ipv4(n));
      all.add(ipv6(n));
    }
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(router.established(lab)).containsAll(all));
  }

  @Test
  @Order(2)
  void routerRibHoldsEachVipFromEveryNodeWithTheCommunities() {
    String v4 = ip("demo", 0);
    String v6 = ip("demo", 1);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(router.ribNextHops(lab, v4 + "/32"))
                  .containsExactlyInAnyOrderElementsOf(NODES.stream().map(BgpLabIT::ipv4).toList());
              assertThat(router.ribNextHops(lab, v6 + "/128"))
                  .containsExactlyInAnyOrderElementsOf(NODES.stream().map(BgpLabIT::ipv6).toList());
            });
    for (String prefix : List.of(v4 + "/32", v6 + "/128")) {
      assertThat(router.ribEntry(lab, prefix))
          .as("the router's RIB entry for %s", prefix)
          .contains(router.community(), router.largeCommunity());
    }
    assertThat(fibNextHops(v4))
        .as("the router's kernel route to %s", v4)
        .containsExactlyInAnyOrderElementsOf(NODES.stream().map(BgpLabIT::ipv4).toList());
    assertThat(fibNextHops(v6))
        .as("the router's kernel route to %s", v6)
        .containsExactlyInAnyOrderElementsOf(NODES.stream().map(BgpLabIT::ipv6).toList());
  }

  @Test
  @Order(3)
  void everyNodeWritesServiceBgpStatusForDemo() {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        lab.kubectl(
                                "get",
                                "servicebgpstatuses",
                                "-n",
                                "ironlb-system",
                                "-o",
                                "jsonpath={range .items[?(@.status.serviceName==\"demo\")]}"
                                    + "{.status.node}{\" \"}{end}")
                            .ok()
                            .output()
                            .trim()
                            .split("\\s+"))
                    .containsExactlyInAnyOrderElementsOf(NODES));
  }

  @Test
  @Order(4)
  void clientIsAnsweredThroughTheRouterByMoreThanOneNode() {
    String v4 = ip("demo", 0);
    String v6 = ip("demo", 1);
    // A whole round at once: a BFD flap on the loaded shared host may drop a session mid-round (and
    // the router rightly resolves the VIP on its link while it has no route), so the round is
    // repeated until one passes or CONVERGE runs out.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              // The router must route the VIP to the nodes, never resolve it on its link.
              lab.exec("router", "ip", "neigh", "flush", "to", v4).ok();
              lab.exec("router", "ip", "-6", "neigh", "flush", "to", v6).ok();
              assertThat(answeringNodes("http://" + v4 + "/", 24))
                  .as("nodes answering %s over 24 connections", v4)
                  .hasSizeGreaterThan(1);
              assertThat(answeringNodes("http://[" + v6 + "]/", 24))
                  .as("nodes answering %s over 24 connections", v6)
                  .hasSizeGreaterThan(1);
              assertThat(lab.exec("router", "ip", "neigh", "show", "to", v4).ok().output().trim())
                  .as("the router's neighbour entry for %s", v4)
                  .isEmpty();
              assertThat(
                      lab.exec("router", "ip", "-6", "neigh", "show", "to", v6)
                          .ok()
                          .output()
                          .trim())
                  .as("the router's neighbour entry for %s", v6)
                  .isEmpty();
            });
  }

  @Test
  @Order(5)
  void deletingTheServiceWithdrawsItsRoute() {
    lab.apply(LabObjects.service("gone", "Cluster", 8085, 30085, "")).ok();
    lab.apply(LabObjects.endpoints("gone", NODES.toArray(String[]::new))).ok();
    await().atMost(CONVERGE).until(() -> !ipsOf("gone").isBlank());
    String vip = ip("gone", 0);
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(fibNextHops(vip)).hasSize(NODES.size()));
    lab.kubectl("delete", "svc", "gone", "-n", "default").ok();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(router.ribNextHops(lab, vip + "/32")).isEmpty();
              assertThat(fibNextHops(vip)).isEmpty();
            });
    lab.kubectl("delete", "endpointslice", "gone-lab", "-n", "default").ok();
  }

  @Test
  @Order(6)
  void localTrafficPolicyIsAnnouncedOnlyFromTheNodesWithEndpoints() {
    lab.apply(LabObjects.service("local", "Local", 8081, 30081, "")).ok();
    lab.apply(LabObjects.endpoints("local", "node3")).ok();
    await().atMost(CONVERGE).until(() -> !ipsOf("local").isBlank());
    String vip = ip("local", 0);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(router.ribNextHops(lab, vip + "/32")).containsExactly(ipv4("node3"));
              assertThat(fibNextHops(vip)).containsExactly(ipv4("node3"));
            });
    lab.lab(Duration.ofSeconds(60), null, "proxy-sync").ok();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(answeringNodes("http://" + vip + ":8081/", 8)).containsExactly("node3"));

    lab.apply(LabObjects.endpoints("local", "node1", "node2")).ok();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(router.ribNextHops(lab, vip + "/32"))
                  .containsExactlyInAnyOrder(ipv4("node1"), ipv4("node2"));
              assertThat(fibNextHops(vip)).containsExactlyInAnyOrder(ipv4("node1"), ipv4("node2"));
            });
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(answeringNodes("http://" + vip + ":8081/", 8)).doesNotContain("node3"));
    lab.kubectl("delete", "svc", "local", "-n", "default").ok();
    lab.kubectl("delete", "endpointslice", "local-lab", "-n", "default").ok();
  }

  @Test
  @Order(7)
  void bfdIsUpWithEveryNode() {
    assumeTrue(router.speaksBfd(), router.kind() + " has no BFD");
    Set<String> all = new TreeSet<>();
    for (String n : NODES) {
      all.add(ipv4(n));
      all.add(ipv6(n));
    }
    await().atMost(CONVERGE).untilAsserted(() -> assertThat(router.bfdUp(lab)).containsAll(all));
  }

  // --- ipMode Proxy: every announcing node's forwarder carries the VIP (docs/forwarder.md) ---

  @Test
  @Order(8)
  void proxyModeIsForwardedByTheAnnouncingNodesToEveryNodesNodePort() {
    String vip =
        proxyService("proxied", "    ironlb.io/forwarder-targets: round-robin\n", 8090, 30090);
    String url = "http://" + vip + ":8090/";
    // A whole round at once, as in order 4: a BFD flap may take a node's route away mid-round.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              lab.exec("router", "ip", "neigh", "flush", "to", vip).ok();
              // round robin from each forwarder: every node's NodePort answers
              assertThat(answeringNodes(url, 24))
                  .as("NodePorts answering %s over 24 connections", url)
                  .containsExactlyInAnyOrderElementsOf(NODES);
              // and the router's ECMP spread the connections over more than one node's forwarder
              assertThat(forwardingNodes("default/proxied"))
                  .as("nodes whose forwarder relayed bytes from clients to %s", url)
                  .hasSizeGreaterThan(1);
              assertThat(lab.exec("router", "ip", "neigh", "show", "to", vip).ok().output().trim())
                  .as("the router's neighbour entry for %s", vip)
                  .isEmpty();
            });
    lab.kubectl("delete", "svc", "proxied", "-n", "default").ok();
    lab.kubectl("delete", "endpointslice", "proxied-lab", "-n", "default").ok();
  }

  @Test
  @Order(9)
  void proxyProtocolBackendSeesTheClientBehindTheRouter() {
    String vip = proxyService("proxied-pp", "    ironlb.io/proxy-protocol: v2\n", 8091, 30091);
    String url = "http://" + vip + ":8091/";
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              for (int i = 0; i < 6; i++) {
                // nginx answers with $proxy_protocol_addr: the header's source, not the peer's
                assertThat(lab.exec("client", "curl", "-fsS", "--max-time", "3", url).ok().output())
                    .contains("hello from node")
                    .contains("client " + CLIENT_V4 + "\n");
              }
            });
    lab.kubectl("delete", "svc", "proxied-pp", "-n", "default").ok();
    lab.kubectl("delete", "endpointslice", "proxied-pp-lab", "-n", "default").ok();
  }

  // --- helpers ---

  static String ipv4(String node) {
    return "198.51.100." + (10 + Integer.parseInt(node.substring(4)));
  }

  static String ipv6(String node) {
    return "2001:db8:1b::1:" + (10 + Integer.parseInt(node.substring(4)));
  }

  /** The next hops of the router's kernel route to {@code ip} (empty when it has none). */
  private Set<String> fibNextHops(String ip) {
    String family = ip.contains(":") ? "-6" : "-4";
    return matches(VIA, lab.exec("router", "ip", family, "route", "show", ip).ok().output());
  }

  /**
   * Creates a Proxy-mode Service {@code name} with one TCP port ({@code port} to {@code nodePort})
   * and an endpoint on every node, waits until its IPv4 ingress says {@code ipMode: Proxy} and
   * every node announces it to the router, runs {@code proxy-sync} and checks that it wrote no DNAT
   * for the VIP (kube-proxy's part with {@code Proxy}) while every node delivers the VIP port to
   * its forwarder; returns the VIP.
   */
  private String proxyService(String name, String annotations, int port, int nodePort) {
    lab.apply(
            LabObjects.proxyService(
                name,
                annotations,
                "",
                "    - {name: http, protocol: TCP, port: "
                    + port
                    + ", targetPort: 8080, nodePort: "
                    + nodePort
                    + "}\n"))
        .ok();
    lab.apply(LabObjects.endpoints(name, NODES.toArray(String[]::new))).ok();
    await().atMost(CONVERGE).until(() -> !ipsOf(name).isBlank());
    await().atMost(CONVERGE).until(() -> lab.ipMode(name).equals("Proxy"));
    String vip = ip(name, 0);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(router.ribNextHops(lab, vip + "/32"))
                  .as("the router's RIB paths for %s/32", vip)
                  .containsExactlyInAnyOrderElementsOf(NODES.stream().map(BgpLabIT::ipv4).toList());
              assertThat(fibNextHops(vip)).hasSize(NODES.size());
              for (String n : NODES) {
                assertThat(
                        lab.exec(n, "ip", "-4", "rule", "show", "priority", "7473").ok().output())
                    .as("%s's rules delivering VIP ports to its forwarder", n)
                    .contains("to " + vip + " ipproto tcp dport " + port + " lookup 7473");
              }
            });
    lab.lab(Duration.ofSeconds(60), null, "proxy-sync").ok();
    String demo = ip("demo", 0);
    for (String n : NODES) {
      String dnat = lab.exec(n, "nft", "list", "table", "ip", "ironlb-lab").ok().output();
      // the control: the VIP-mode demo is DNATed by the same table
      assertThat(dnat).as("%s's kube-proxy stand-in", n).contains("ip daddr " + demo + " ");
      assertThat(dnat).as("%s's kube-proxy stand-in", n).doesNotContain("ip daddr " + vip + " ");
    }
    return vip;
  }

  /** The nodes whose forwarder has relayed bytes from clients for {@code service} (metrics). */
  private Set<String> forwardingNodes(String service) {
    Set<String> nodes = new TreeSet<>();
    for (String n : NODES) {
      String metrics =
          lab.exec(n, "curl", "-fsS", "--max-time", "3", "http://127.0.0.1:7472/metrics")
              .ok()
              .output();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("ironlb_forwarder_bytes_total{")
            && line.contains("service=\"" + service + "\"")
            && line.contains("direction=\"in\"")
            && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
          nodes.add(n);
        }
      }
    }
    return nodes;
  }

  /** The nodes that answered {@code count} new connections from the client to {@code url}. */
  private Set<String> answeringNodes(String url, int count) {
    Set<String> nodes = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      nodes.add(
          LabShell.servedBy(
              lab.exec("client", "curl", "-fsS", "--max-time", "3", url).ok().output()));
    }
    return nodes;
  }

  static Set<String> matches(Pattern p, String out) {
    Set<String> found = new TreeSet<>();
    Matcher m = p.matcher(out);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private String ip(String svc, int index) {
    return lab.ingressIp(svc, index);
  }

  private String ipsOf(String svc) {
    return lab.ingressIps(svc);
  }
}
