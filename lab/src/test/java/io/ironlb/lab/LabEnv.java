package io.ironlb.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the lab's tests need from the machine: tools that {@code make test} passes in (kubectl,
 * helm, the kube-apiserver binaries) and root for network namespaces. Missing, a test is skipped on
 * a developer's machine and fails under CI, where {@code make test} must provide it.
 */
public final class LabEnv {

  private LabEnv() {}

  /**
   * The path of a tool from a system property or the environment variable of the same name; skips
   * the test when neither is set, and fails it under CI.
   */
  static String toolOrSkip(String variable, String howToSet) {
    String value = System.getProperty(variable, "");
    if (value.isBlank()) {
      value = Optional.ofNullable(System.getenv(variable)).orElse("");
    }
    if (value.isBlank()) {
      if (System.getenv("CI") != null) {
        throw new AssertionError(variable + " is not set: " + howToSet + " or run `make test`");
      }
      assumeTrue(false, variable + " not set (" + howToSet + "; make test sets it)");
    }
    return value;
  }

  /** {@code IRONLB_KUBECTL}, as {@code make test} sets it from {@code bin/ensure-kubectl}. */
  static String kubectl() {
    return toolOrSkip("IRONLB_KUBECTL", "IRONLB_KUBECTL=$(bin/ensure-kubectl)");
  }

  /** Whether this JVM runs as root (the lab creates namespaces, bridges and raw sockets). */
  public static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").start();
      return "0"
          .equals(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return false;
    }
  }
}
