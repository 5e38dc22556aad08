package io.ironlb.lab.bgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace of its own for one routing daemon, plugged into a {@link BgpSegment}: one
 * interface ({@code ilb-bgp-eth}) with an address in 203.0.113.0/25 and one in 2001:db8:1d::/64.
 *
 * @param name the namespace ({@code ilb-bgp-r-NAME})
 * @param port the segment's switch port of this namespace (its veth end in the switch namespace)
 * @param v4 its IPv4 address
 * @param v6 its IPv6 address
 */
record RouterNamespace(String name, String port, Inet4Address v4, Inet6Address v6) {

  static final String IFACE = "ilb-bgp-eth";

  /** Runs {@code cmd} inside the namespace; fails on a non-zero exit. */
  String run(String... cmd) {
    return Shell.run(inNamespace(cmd).toArray(String[]::new));
  }

  /** Runs {@code cmd} inside the namespace, whatever its exit code. */
  Shell.Result exec(String... cmd) {
    return Shell.exec(Shell.DEFAULT_LIMIT, inNamespace(cmd));
  }

  /**
   * Starts a long-running {@code cmd} (a daemon in the foreground) inside the namespace, output to
   * {@code log}. {@code ip netns exec} execs the command, so the process is the daemon itself.
   */
  Process spawn(Path log, String... cmd) {
    try {
      return new ProcessBuilder(inNamespace(cmd))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + List.of(cmd), e);
    }
  }

  private List<String> inNamespace(String... cmd) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
    all.addAll(List.of(cmd));
    return all;
  }
}
