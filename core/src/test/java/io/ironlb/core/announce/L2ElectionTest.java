package io.ironlb.core.announce;

import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.ip.IpText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layer-2 election order against MetalLB's golden vectors (METALLB-API.md §4.1). */
class L2ElectionTest {

  record Vector(
      String description,
      String ip,
      List<String> candidates,
      Map<String, Integer> scores,
      List<String> expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Vector> goldenVectors() {
    List<String> abc = List.of("node-a", "node-b", "node-c");
    List<String> edges = List.of("worker-a", "edge-a", "edge-b");
    return Stream.of(
        new Vector(
            "three nodes on 10.0.0.1",
            "10.0.0.1",
            abc,
            Map.of(),
            List.of("node-b", "node-a", "node-c")),
        new Vector(
            "three nodes on 10.0.0.2",
            "10.0.0.2",
            abc,
            Map.of(),
            List.of("node-b", "node-c", "node-a")),
        new Vector(
            "two nodes on 10.20.30.1",
            "10.20.30.1",
            List.of("node-a", "node-b"),
            Map.of(),
            List.of("node-b", "node-a")),
        new Vector(
            "a preferred node goes first, the rest in hash order",
            "10.0.0.1",
            List.of("node-c", "edge-a", "node-a", "node-b"),
            Map.of("edge-a", 100),
            List.of("edge-a", "node-b", "node-a", "node-c")),
        new Vector(
            "only edge-a preferred: edge-a, then edge-b and worker-a by hash",
            "10.20.30.1",
            edges,
            Map.of("edge-a", 100),
            List.of("edge-a", "edge-b", "worker-a")),
        new Vector(
            "equal scores fall back to the hash, score 0 last",
            "10.20.30.1",
            edges,
            Map.of("edge-a", 100, "edge-b", 100, "worker-a", 0),
            List.of("edge-b", "edge-a", "worker-a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenVectors")
  void ordersAsMetalLbDoes(Vector v) {
    assertThat(L2Election.order(v.candidates(), IpText.parse(v.ip()), v.scores()))
        .containsExactlyElementsOf(v.expected());
  }

  @Test
  void ipv6IsHashedInItsRfc5952Text() throws Exception {
    List<String> nodes = List.of("node-a", "node-b", "node-c", "node-d");
    List<String> compressed = byDigest(nodes, "fc00::1");
    List<String> javaLongForm = byDigest(nodes, "fc00:0:0:0:0:0:0:1");

    assertThat(compressed).isNotEqualTo(javaLongForm); // the vector distinguishes the two forms
    assertThat(L2Election.order(nodes, IpText.parse("fc00:0:0::1"), Map.of()))
        .containsExactlyElementsOf(compressed);
  }

  @Test
  void higherScoreBeatsAnyHash() {
    assertThat(
            L2Election.order(
                List.of("node-a", "node-b", "node-c"),
                IpText.parse("10.0.0.1"),
                Map.of("node-c", 1, "node-a", 2)))
        .containsExactly("node-a", "node-c", "node-b");
  }

  private static List<String> byDigest(List<String> nodes, String ip) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Map<String, byte[]> digests = new HashMap<>();
    for (String n : nodes) {
      digests.put(n, sha.digest((n + "#" + ip).getBytes(StandardCharsets.UTF_8)));
    }
    return nodes.stream()
        .sorted(Comparator.comparing(digests::get, Arrays::compareUnsigned))
        .toList();
  }
}
