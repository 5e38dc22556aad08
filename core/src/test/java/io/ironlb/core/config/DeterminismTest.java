package io.ironlb.core.config;

import static io.ironlb.core.config.ConfigFixtures.bfd;
import static io.ironlb.core.config.ConfigFixtures.bgpAdv;
import static io.ironlb.core.config.ConfigFixtures.community;
import static io.ironlb.core.config.ConfigFixtures.ebgpPeer;
import static io.ironlb.core.config.ConfigFixtures.inputs;
import static io.ironlb.core.config.ConfigFixtures.l2;
import static io.ironlb.core.config.ConfigFixtures.labelledPool;
import static io.ironlb.core.config.ConfigFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Equal inputs give an equal Config and equal problems, whatever order the objects arrive in, and
 * parsing again with the result as the previous configuration changes nothing.
 */
class DeterminismTest {

  private static List<HasMetadata> cluster() {
    return List.of(
        labelledPool("blue", "{color: blue}", "addresses: [192.0.2.0/25, '2001:db8::/120']"),
        pool("red", "addresses: [192.0.2.128/25]"),
        pool("clash", "addresses: [192.0.2.0/26]"),
        pool("broken", "addresses: [banana]"),
        l2("l2", "ipAddressPoolSelectors:\n- matchLabels: {color: blue}\ninterfaces: [eth0]"),
        bgpAdv("b1", "localPref: 100\ncommunities: [gold, '65000:9']"),
        bgpAdv("b2", "localPref: 200"),
        community("c", "communities:\n- {name: gold, value: 'large:1:2:3'}"),
        bfd("fast", "receiveInterval: 50"),
        ebgpPeer("r1", "bfdProfile: fast\npasswordSecret: {name: bgp-auth}"),
        ebgpPeer("r2", "holdTime: 2s"));
  }

  @Test
  void theOrderObjectsArriveInChangesNothing() {
    ParseResult sorted =
        new ConfigParser().parse(inputs(cluster().toArray(HasMetadata[]::new)), Config.empty());
    Random random = new Random(7); // fixed seed: the same shuffles on every run
    for (int i = 0; i < 20; i++) {
      List<HasMetadata> shuffled = new ArrayList<>(cluster());
      Collections.shuffle(shuffled, random);
      ParseResult r =
          new ConfigParser().parse(inputs(shuffled.toArray(HasMetadata[]::new)), Config.empty());
      assertThat(r).isEqualTo(sorted);
    }
    assertThat(sorted.config().pools()).containsOnlyKeys("blue", "red");
    assertThat(sorted.config().bgpAdvertisements()).containsOnlyKeys("b1");
    assertThat(sorted.config().bgpPeers()).containsOnlyKeys("r1");
  }

  @Test
  void parsingAgainOnItsOwnResultIsANoOp() {
    ConfigInputs in = inputs(cluster().toArray(HasMetadata[]::new));
    ParseResult first = new ConfigParser().parse(in, Config.empty());
    ParseResult again = new ConfigParser().parse(in, first.config());
    assertThat(again.config()).isEqualTo(first.config());
    assertThat(again.problems()).isEqualTo(first.problems());
  }

  @Test
  void aConfigNeverPrintsAPassword() {
    ParseResult r =
        new ConfigParser()
            .parse(
                inputs(
                    ebgpPeer("inline", "password: hunter2"),
                    ebgpPeer("secret", "passwordSecret: {name: bgp-auth}")),
                Config.empty());
    assertThat(r.config().bgpPeers()).containsOnlyKeys("inline", "secret");
    assertThat(r.config().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
    assertThat(inputs().secrets().toString()).doesNotContain("s3cret");
  }
}
