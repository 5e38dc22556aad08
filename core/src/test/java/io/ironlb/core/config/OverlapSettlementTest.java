package io.ironlb.core.config;

import static io.ironlb.core.config.ConfigFixtures.inputs;
import static io.ironlb.core.config.ConfigFixtures.pool;
import static io.ironlb.core.config.ConfigFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Overlapping pools (V3) are settled deterministically: a pool that already applies keeps its
 * addresses, a newcomer is refused, between newcomers the later name is refused, and the order the
 * objects arrive in never matters.
 */
class OverlapSettlementTest {

  static Arguments row(
      String description,
      List<HasMetadata> before,
      List<HasMetadata> after,
      Map<String, String> inForce,
      String problem) {
    return Arguments.of(description, before, after, inForce, problem);
  }

  static Stream<Arguments> overlaps() {
    return Stream.of(
        row(
            "a pool in use keeps its place against a newcomer whose name sorts first",
            List.of(pool("zz-old", "addresses: [192.0.2.0/24]")),
            List.of(
                pool("aa-new", "addresses: [192.0.2.0/25]"),
                pool("zz-old", "addresses: [192.0.2.0/24]")),
            Map.of("zz-old", "192.0.2.0/24"),
            "IPAddressPool ironlb-system/aa-new: spec.addresses[0]: CIDR 192.0.2.0/25 overlaps with"
                + " CIDR 192.0.2.0/24 of IPAddressPool \"zz-old\"; left out"),
        row(
            "between two newcomers the one whose name sorts later is refused",
            List.of(),
            List.of(pool("b", "addresses: [192.0.2.0/25]"), pool("a", "addresses: [192.0.2.0/24]")),
            Map.of("a", "192.0.2.0/24"),
            "IPAddressPool ironlb-system/b: spec.addresses[0]: CIDR 192.0.2.0/25 overlaps with CIDR"
                + " 192.0.2.0/24 of IPAddressPool \"a\"; left out"),
        row(
            "an edit growing into another pool is refused and keeps its last version",
            List.of(
                pool("a", "addresses: [192.0.2.0/25]"), pool("b", "addresses: [192.0.2.128/25]")),
            List.of(
                pool("a", "addresses: [10.0.0.0/24, 192.0.2.0/24]"),
                pool("b", "addresses: [192.0.2.128/25]")),
            Map.of("a", "192.0.2.0/25", "b", "192.0.2.128/25"),
            "IPAddressPool ironlb-system/a: spec.addresses[1]: CIDR 192.0.2.0/24 overlaps with CIDR"
                + " 192.0.2.128/25 of IPAddressPool \"b\"; keeping the last valid version"),
        row(
            "an edit into space another pool leaves in the same change applies",
            List.of(
                pool("a", "addresses: [192.0.2.0/25]"), pool("b", "addresses: [192.0.2.128/25]")),
            List.of(
                pool("a", "addresses: [192.0.2.0/24]"), pool("b", "addresses: [198.51.100.0/24]")),
            Map.of("a", "192.0.2.0/24", "b", "198.51.100.0/24"),
            ""),
        row(
            "two edits that still collide never push either pool out",
            List.of(
                pool("a", "addresses: [192.0.2.0/25]"), pool("b", "addresses: [192.0.2.128/25]")),
            List.of(
                pool("a", "addresses: [192.0.2.0/24]"), pool("b", "addresses: [192.0.2.128/26]")),
            Map.of("a", "192.0.2.0/25", "b", "192.0.2.128/26"),
            "IPAddressPool ironlb-system/a: spec.addresses[0]: CIDR 192.0.2.0/24 overlaps with CIDR"
                + " 192.0.2.128/26 of IPAddressPool \"b\"; keeping the last valid version"),
        row(
            "a newcomer cannot take the space of a pool kept at its last valid version",
            List.of(pool("a", "addresses: [192.0.2.0/25]")),
            List.of(pool("a", "addresses: [banana]"), pool("n", "addresses: [192.0.2.0/26]")),
            Map.of("a", "192.0.2.0/25"),
            "IPAddressPool ironlb-system/n: spec.addresses[0]: CIDR 192.0.2.0/26 overlaps with CIDR"
                + " 192.0.2.0/25 of IPAddressPool \"a\"; left out"),
        row(
            "a deleted pool frees its space for a newcomer",
            List.of(pool("a", "addresses: [192.0.2.0/24]")),
            List.of(pool("n", "addresses: [192.0.2.0/25]")),
            Map.of("n", "192.0.2.0/25"),
            ""),
        row(
            "a newcomer refused for an old pool does not block a later newcomer",
            List.of(pool("old", "addresses: [192.0.2.0/25]")),
            List.of(
                pool("old", "addresses: [192.0.2.0/25]"),
                pool("a", "addresses: [192.0.2.0/24]"),
                pool("b", "addresses: [192.0.2.128/25]")),
            Map.of("old", "192.0.2.0/25", "b", "192.0.2.128/25"),
            "IPAddressPool ironlb-system/a: spec.addresses[0]: CIDR 192.0.2.0/24 overlaps with CIDR"
                + " 192.0.2.0/25 of IPAddressPool \"old\"; left out"),
        row(
            "IPv4 and IPv6 entries never overlap each other",
            List.of(),
            List.of(pool("v4", "addresses: [0.0.0.0/0]"), pool("v6", "addresses: ['::/0']")),
            Map.of("v4", "0.0.0.0/0", "v6", "::/0"),
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlaps")
  void overlapsSettleDeterministically(
      String description,
      List<HasMetadata> before,
      List<HasMetadata> after,
      Map<String, String> inForce,
      String problem) {
    ConfigParser parser = new ConfigParser();
    Config previous =
        parser.parse(inputs(before.toArray(HasMetadata[]::new)), Config.empty()).config();
    List<HasMetadata> reversed = new ArrayList<>(after);
    Collections.reverse(reversed);
    for (List<HasMetadata> order : List.of(after, reversed)) {
      ParseResult r = parser.parse(inputs(order.toArray(HasMetadata[]::new)), previous);
      Map<String, String> actual = new TreeMap<>();
      r.config()
          .pools()
          .forEach((name, p) -> actual.put(name, p.cidrs().get(p.cidrs().size() - 1).toString()));
      assertThat(actual).isEqualTo(inForce);
      if (problem.isEmpty()) {
        assertThat(r.problems()).isEmpty();
      } else {
        assertThat(texts(r)).contains(problem);
      }
    }
  }
}
