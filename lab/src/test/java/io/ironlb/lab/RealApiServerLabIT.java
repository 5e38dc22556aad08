package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code APISERVER=real bin/lab up}: the whole lab on a real kube-apiserver + etcd (certificates,
 * RBAC authorisation, Node status through the subresource) ends with curl from the client to both
 * external IPs answered by the node named in ServiceL2Status; {@code bin/lab down} removes it all.
 */
class RealApiServerLabIT {

  @Test
  void labOnARealApiServerServesTheExternalIps() throws Exception {
    boolean root = LabEnv.isRoot();
    if (!root && System.getenv("CI") == null) {
      assumeTrue(false, "the lab needs root (network namespaces)");
    }
    assertThat(root).as("the lab tests need root").isTrue();
    assertThat(Files.exists(Path.of("/sys/class/net/ilb0")))
        .as("a lab is already running on this machine (bridge ilb0): run `make lab-down` first")
        .isFalse();
    LabShell lab =
        new LabShell(Path.of("target/lab-real").toAbsolutePath(), Map.of("APISERVER", "real"));
    try {
      LabShell.Result up = lab.lab(Duration.ofMinutes(10), null, "up");
      System.out.println(up.output());
      assertThat(up.exit()).as("bin/lab up:\n%s", up.output()).isZero();
      String owner =
          lab.kubectl(
                  "get",
                  "servicel2statuses",
                  "-n",
                  "ironlb-system",
                  "-o",
                  "jsonpath={.items[0].status.node}")
              .ok()
              .output()
              .trim();
      assertThat(owner).matches("node\\d");
      assertThat(up.output())
          .contains("curl http://198.51.100.240/\nhello from " + owner)
          .contains("curl http://[2001:db8:1b::f0]/\nhello from " + owner);
      assertThat(lab.lab(Duration.ofSeconds(30), null, "status").ok().output())
          .contains("API server: real");
    } finally {
      System.out.println(lab.lab(Duration.ofMinutes(2), null, "down").output());
    }
    assertThat(Files.exists(Path.of("/sys/class/net/ilb0")))
        .as("bin/lab down removed the bridge")
        .isFalse();
  }
}
