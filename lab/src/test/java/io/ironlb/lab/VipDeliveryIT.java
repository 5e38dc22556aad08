package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ironlb.speaker.forwarder.L4Protocol;
import io.ironlb.speaker.vip.PolicyRoutes;
import io.ironlb.speaker.vip.VipDelivery;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How a node receives a Proxy-mode VIP ({@link PolicyRoutes}) without ever answering ARP for it: in
 * a node namespace, the rules deliver TCP to VIP:8080 to a socket bound there (IP_FREEBIND +
 * IP_TRANSPARENT, as the forwarder's), another port is not delivered, and the kernel does not
 * answer ARP for the VIP. The control case shows the check can fail: with the VIP as an address,
 * the kernel answers ARP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VipDeliveryIT {

  private static final String NODE = "ilb-vip-n";
  private static final String CLIENT = "ilb-vip-c";
  private static final String VIP = "198.51.100.240";
  private LabShell shell;
  private Process socat;

  @BeforeAll
  void network() throws Exception {
    if (!LabEnv.isRoot() && System.getenv("CI") == null) {
      assumeTrue(false, "needs root (network namespaces)");
    }
    assertThat(LabEnv.isRoot()).as("root (network namespaces)").isTrue();
    shell = new LabShell(Files.createTempDirectory("ironlb-vip"));
    sh(
        "ip netns add "
            + NODE
            + " && ip netns add "
            + CLIENT
            + " && ip link add ilb-vipv type veth peer name eth0 netns "
            + NODE
            + " && ip link set ilb-vipv netns "
            + CLIENT
            + " && ip -n "
            + CLIENT
            + " link set ilb-vipv name eth0"
            + " && for n in "
            + NODE
            + " "
            + CLIENT
            + "; do ip -n $n link set lo up && ip -n $n link set eth0 up; done"
            + " && ip -n "
            + NODE
            + " addr add 198.51.100.11/24 dev eth0 && ip -n "
            + CLIENT
            + " addr add 198.51.100.100/24 dev eth0");
    socat =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                NODE,
                "socat",
                "TCP-LISTEN:8080,bind=" + VIP + ",ip-freebind=1,ip-transparent,reuseaddr,fork",
                "SYSTEM:echo hello")
            .redirectErrorStream(true)
            .start();
  }

  @AfterAll
  void cleanUp() {
    if (socat != null) {
      socat.destroy();
    }
    if (shell != null) {
      sh("ip netns del " + NODE + " 2>/dev/null; ip netns del " + CLIENT + " 2>/dev/null; true");
    }
  }

  @Test
  void rulesDeliverTheForwardedPortOnlyAndTheKernelNeverAnswersArp() throws Exception {
    PolicyRoutes routes = PolicyRoutes.inNamespace(NODE);
    InetAddress vip = InetAddress.getByName(VIP);
    routes.apply(Set.of(new VipDelivery.Port(L4Protocol.TCP, vip, 8080)));
    routes.apply(Set.of(new VipDelivery.Port(L4Protocol.TCP, vip, 8080))); // idempotent

    assertThat(sh("ip -n " + NODE + " rule show priority 7473").output())
        .contains("to " + VIP + " ipproto tcp dport 8080 lookup 7473")
        .hasLineCount(1);
    assertThat(arping().exit())
        .as("the kernel must not answer ARP for a VIP it only routes")
        .isEqualTo(1);

    String mac = sh("ip -n " + NODE + " -br link show eth0 | awk '{print $3}'").output().trim();
    sh("ip -n " + CLIENT + " neigh replace " + VIP + " lladdr " + mac + " dev eth0");
    assertThat(connect(8080).output()).contains("hello");
    assertThat(connect(8081).exit()).as("a port without a rule is not delivered").isNotZero();

    routes.close();
    assertThat(sh("ip -n " + NODE + " rule show priority 7473").output()).isBlank();
    assertThat(sh("ip -n " + NODE + " route show table 7473").output()).isBlank();
    assertThat(connect(8080).exit()).as("nothing delivered once closed").isNotZero();

    // control: the same VIP as an address on the node, and the kernel does answer ARP
    sh("ip -n " + NODE + " addr add " + VIP + "/32 dev lo");
    sh("ip -n " + CLIENT + " neigh flush dev eth0");
    assertThat(arping().exit()).as("control: an address is answered").isZero();
    sh("ip -n " + NODE + " addr del " + VIP + "/32 dev lo");
  }

  private LabShell.Result arping() {
    return shell.run(
        List.of("ip", "netns", "exec", CLIENT, "arping", "-c", "2", "-w", "3", "-I", "eth0", VIP),
        Duration.ofSeconds(10),
        null);
  }

  private LabShell.Result connect(int port) {
    return shell.run(
        List.of(
            "ip",
            "netns",
            "exec",
            CLIENT,
            "socat",
            "-T2",
            "-",
            "TCP:" + VIP + ":" + port + ",connect-timeout=2"),
        Duration.ofSeconds(10),
        "");
  }

  private LabShell.Result sh(String cmd) {
    return shell.run(List.of("bash", "-c", cmd), Duration.ofSeconds(30), null).ok();
  }
}
