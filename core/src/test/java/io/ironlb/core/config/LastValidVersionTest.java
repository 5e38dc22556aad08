package io.ironlb.core.config;

import static io.ironlb.core.config.ConfigFixtures.bfd;
import static io.ironlb.core.config.ConfigFixtures.bgpAdv;
import static io.ironlb.core.config.ConfigFixtures.community;
import static io.ironlb.core.config.ConfigFixtures.ebgpPeer;
import static io.ironlb.core.config.ConfigFixtures.inputs;
import static io.ironlb.core.config.ConfigFixtures.l2;
import static io.ironlb.core.config.ConfigFixtures.pool;
import static io.ironlb.core.config.ConfigFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IronLB's rule (STYLE.md "Errors"): a broken edit keeps the object's last valid version, an object
 * that was never valid is left out, and everything else applies.
 */
class LastValidVersionTest {

  enum Effect {
    APPLIES_NEW_VERSION,
    KEEPS_LAST_VALID_VERSION,
    IS_LEFT_OUT
  }

  private static final String P4 = "addresses: [192.0.2.0/24]";

  static Arguments row(
      String description,
      List<HasMetadata> before,
      List<HasMetadata> after,
      Function<Config, Object> object,
      Effect effect) {
    return Arguments.of(description, before, after, object, effect);
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        row(
            "a valid pool edit applies",
            List.of(pool("p", P4)),
            List.of(pool("p", "addresses: [192.0.2.0/25]")),
            c -> c.pools().get("p"),
            Effect.APPLIES_NEW_VERSION),
        row(
            "a broken pool edit keeps the last valid pool",
            List.of(pool("p", P4)),
            List.of(pool("p", "addresses: [192.0.2.0/33]")),
            c -> c.pools().get("p"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a pool that was never valid is left out",
            List.of(),
            List.of(pool("p", "addresses: [192.0.2.0/33]")),
            c -> c.pools().get("p"),
            Effect.IS_LEFT_OUT),
        row(
            "a broken L2Advertisement edit keeps the last valid one",
            List.of(pool("p", P4), l2("ad", "ipAddressPools: [p]")),
            List.of(pool("p", P4), l2("ad", "ipAddressPools: [p, p]")),
            c -> c.l2Advertisements().get("ad"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a broken BGPAdvertisement edit keeps the last valid one",
            List.of(pool("p", P4), bgpAdv("ad", "aggregationLength: 24")),
            List.of(pool("p", P4), bgpAdv("ad", "aggregationLength: 33")),
            c -> c.bgpAdvertisements().get("ad"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a BGPAdvertisement edit to an unknown alias keeps the last valid one",
            List.of(bgpAdv("ad", "communities: ['65000:1']")),
            List.of(bgpAdv("ad", "communities: [silver]")),
            c -> c.bgpAdvertisements().get("ad"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a broken BGPPeer edit keeps the last valid peer",
            List.of(ebgpPeer("r", "holdTime: 9s")),
            List.of(ebgpPeer("r", "holdTime: 2s")),
            c -> c.bgpPeers().get("r"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a peer whose password Secret disappears keeps its last valid version",
            List.of(ebgpPeer("r", "passwordSecret: {name: bgp-auth}")),
            List.of(ebgpPeer("r", "passwordSecret: {name: gone}")),
            c -> c.bgpPeers().get("r"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a kept peer naming a BFD profile that no longer exists is left out",
            List.of(bfd("fast", "{}"), ebgpPeer("r", "bfdProfile: fast")),
            List.of(ebgpPeer("r", "bfdProfile: fast\nholdTime: 2s")),
            c -> c.bgpPeers().get("r"),
            Effect.IS_LEFT_OUT),
        row(
            "a broken BFDProfile edit keeps the last valid profile",
            List.of(bfd("b", "detectMultiplier: 5")),
            List.of(bfd("b", "detectMultiplier: 1")),
            c -> c.bfdProfiles().get("b"),
            Effect.KEEPS_LAST_VALID_VERSION),
        row(
            "a broken Community edit keeps its last valid aliases",
            List.of(community("c", "communities:\n- {name: gold, value: '65000:1'}")),
            List.of(
                community(
                    "c",
                    "communities:\n- {name: gold, value: '65000:7'}\n- {name: bad, value: x}")),
            c -> c.communities().get("gold"),
            Effect.KEEPS_LAST_VALID_VERSION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void anEditAppliesOrFallsBack(
      String description,
      List<HasMetadata> before,
      List<HasMetadata> after,
      Function<Config, Object> object,
      Effect effect) {
    ConfigParser parser = new ConfigParser();
    Config first =
        parser.parse(inputs(before.toArray(HasMetadata[]::new)), Config.empty()).config();
    ParseResult second = parser.parse(inputs(after.toArray(HasMetadata[]::new)), first);
    Object now = object.apply(second.config());
    switch (effect) {
      case APPLIES_NEW_VERSION -> {
        assertThat(now).isNotNull().isNotEqualTo(object.apply(first));
        assertThat(second.problems()).isEmpty();
      }
      case KEEPS_LAST_VALID_VERSION -> {
        assertThat(now).isNotNull().isEqualTo(object.apply(first));
        assertThat(texts(second))
            .anySatisfy(t -> assertThat(t).endsWith("; keeping the last valid version"));
      }
      case IS_LEFT_OUT -> {
        assertThat(now).isNull();
        assertThat(texts(second)).anySatisfy(t -> assertThat(t).endsWith("; left out"));
      }
    }
  }

  @Test
  void anInvalidPoolNeverHidesAValidOne() {
    ParseResult r =
        ConfigFixtures.parse(
            pool("broken", "addresses: [banana]"), pool("good", P4), l2("ad", "{}"));
    assertThat(r.config().pools()).containsOnlyKeys("good");
    assertThat(r.config().l2Advertisements().get("ad").pools()).containsExactly("good");
  }

  @Test
  void aKeptAdvertisementIsResolvedAgainstTheCurrentPools() {
    ConfigParser parser = new ConfigParser();
    Config first =
        parser
            .parse(
                inputs(
                    pool("a", "addresses: [192.0.2.0/25]"),
                    pool("b", "addresses: [192.0.2.128/25]"),
                    l2("ad", "ipAddressPools: [a, b]")),
                Config.empty())
            .config();
    ParseResult second =
        parser.parse(
            inputs(pool("a", "addresses: [192.0.2.0/25]"), l2("ad", "ipAddressPools: [a, b, a]")),
            first);
    assertThat(second.config().l2Advertisements().get("ad").pools()).containsExactly("a");
  }

  @Test
  void aKeptCommunityStillResolvesInTheAdvertisementsUsingIt() {
    ConfigParser parser = new ConfigParser();
    Config first =
        parser
            .parse(
                inputs(community("c", "communities:\n- {name: gold, value: '65000:1'}")),
                Config.empty())
            .config();
    ParseResult second =
        parser.parse(
            inputs(
                community("c", "communities:\n- {name: gold, value: 'nope'}"),
                bgpAdv("ad", "communities: [gold]")),
            first);
    assertThat(second.config().bgpAdvertisements().get("ad").communities())
        .containsExactly(new BgpCommunity.Standard(65000, 1));
  }
}
