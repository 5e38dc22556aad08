package io.ironlb.core.announce;

import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MetalLB's layer-2 leader election (METALLB-API.md §4.1 step 8): every speaker sorts the same
 * candidates the same way and the first one announces. Higher preference score first; ties by
 * {@code sha256(node + "#" + ip)} compared as unsigned bytes, ascending, where {@code ip} is Go's
 * textual form so Go and Java speakers agree (§10 item 1).
 */
public final class L2Election {

  private L2Election() {}

  /**
   * Candidates best first: higher score first, ties by sha256(node + "#" + IpText.format(ip))
   * compared as unsigned bytes ascending.
   *
   * @param candidates the eligible nodes
   * @param firstIp the Service's first load-balancer IP
   * @param scores preference score per node; a node without an entry scores 0
   */
  public static List<String> order(
      Collection<String> candidates, InetAddress firstIp, Map<String, Integer> scores) {
    String ip = IpText.format(firstIp);
    Comparator<Ranked> best =
        Comparator.comparingInt(Ranked::score)
            .reversed()
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.hash(), b.hash()))
            .thenComparing(Ranked::node);
    return candidates.stream()
        .map(n -> new Ranked(n, scores.getOrDefault(n, 0), sha256(n + "#" + ip)))
        .sorted(best)
        .map(Ranked::node)
        .toList();
  }

  private record Ranked(String node, int score, byte[] hash) {}

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
