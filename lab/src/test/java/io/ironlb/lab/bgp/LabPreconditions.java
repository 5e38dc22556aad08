package io.ironlb.lab.bgp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ironlb.lab.LabEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the BGP interop tests need from the machine: root (network namespaces) and the routing
 * daemons that {@code bin/setup} installs. Missing, a test is skipped on a developer's machine and
 * fails under CI ({@code CI} set), where {@code make test} must provide them.
 */
final class LabPreconditions {

  static final String FRR_BGPD = "/usr/lib/frr/bgpd";
  static final String FRR_ZEBRA = "/usr/lib/frr/zebra";
  static final String FRR_BFDD = "/usr/lib/frr/bfdd";
  static final String VTYSH = "/usr/bin/vtysh";
  static final String BIRD = "/usr/sbin/bird";
  static final String BIRDC = "/usr/sbin/birdc";
  static final String GOBGPD = "/usr/bin/gobgpd";
  static final String GOBGP = "/usr/bin/gobgp";

  private LabPreconditions() {}

  /** Skips (locally) or fails (CI) unless this JVM is root and every binary is executable. */
  static void requireRootAnd(String... binaries) {
    List<String> missing = new ArrayList<>();
    if (!LabEnv.isRoot()) {
      missing.add("root (network namespaces)");
    }
    for (String b : binaries) {
      if (!Files.isExecutable(Path.of(b))) {
        missing.add(b + " (bin/setup installs it)");
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (System.getenv("CI") != null) {
      throw new AssertionError("missing under CI: " + missing);
    }
    assumeTrue(false, "needs " + missing);
  }
}
