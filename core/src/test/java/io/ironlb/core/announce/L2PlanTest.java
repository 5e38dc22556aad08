package io.ironlb.core.announce;

import static io.ironlb.core.announce.L2Scenario.ad;
import static io.ironlb.core.announce.L2Scenario.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link L2Planner#plan}: the per-interface IP sets this node answers for. */
class L2PlanTest {

  private static ServiceFacts svc(String name, String... ips) {
    return new ServiceFacts(
        "default",
        name,
        Map.of(),
        addresses(ips),
        TrafficPolicy.CLUSTER,
        true,
        true,
        Set.of("node-a", "node-b", "node-c"));
  }

  @Test
  void sharedIpsAppearOncePerInterfaceAndOnlyAnnouncedServicesContribute() {
    L2Scenario s =
        L2Scenario.base()
            .noAds()
            .ad(ad("l2").interfaces("eth0"))
            .ad(ad("l2b").interfaces("eth1").pools("q"))
            .pool("q", "10.1.0.0/24");
    // node-b wins 10.0.0.1, 10.0.0.2 and 10.1.0.4, loses 10.0.0.3 to node-c (hash order)
    List<ServiceFacts> services =
        List.of(
            svc("web", "10.0.0.1"),
            svc("web-shared", "10.0.0.1"),
            svc("dual", "10.0.0.2", "fc00::1"),
            svc("lost", "10.0.0.3"),
            svc("unpooled", "192.0.2.1"),
            svc("other-pool", "10.1.0.4"));

    L2Plan plan = new L2Planner().plan(services, s.world(), s.localNode());

    assertThat(plan.decisions().keySet())
        .containsExactly(
            "default/dual",
            "default/lost",
            "default/other-pool",
            "default/unpooled",
            "default/web",
            "default/web-shared");
    assertThat(plan.decisions().get("default/lost"))
        .isEqualTo(
            new L2Decision.Skip(
                L2Reason.NOT_OWNER,
                "node-c is the owner of 10.0.0.3 (candidates: node-c, node-a, node-b)"));
    assertThat(plan.announcements().keySet()).containsExactly("eth0", "eth1");
    assertThat(plan.announcements().get("eth0"))
        .containsExactlyElementsOf(addresses("10.0.0.1", "10.0.0.2", "fc00::1"));
    assertThat(plan.announcements().get("eth1")).containsExactlyElementsOf(addresses("10.1.0.4"));
  }

  @Test
  void nothingAnnouncedGivesNoInterfaces() {
    L2Scenario s = L2Scenario.base().noQuorum();

    L2Plan plan = new L2Planner().plan(List.of(svc("web", "10.0.0.1")), s.world(), s.localNode());

    assertThat(plan.decisions()).hasSize(1);
    assertThat(plan.announcements()).isEmpty();
  }

  @Test
  void aServiceListedTwiceIsRejected() {
    L2Scenario s = L2Scenario.base();
    List<ServiceFacts> twice = List.of(svc("web", "10.0.0.1"), svc("web", "10.0.0.2"));

    assertThatThrownBy(() -> new L2Planner().plan(twice, s.world(), s.localNode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default/web");
  }

  @Test
  void ipOrderPutsIpv4FirstThenUnsignedBytes() {
    List<InetAddress> sorted =
        addresses("fc00::1", "10.0.0.200", "10.0.0.3", "::1").stream()
            .sorted(L2Plan.IP_ORDER)
            .toList();

    assertThat(sorted)
        .containsExactlyElementsOf(addresses("10.0.0.3", "10.0.0.200", "::1", "fc00::1"));
  }
}
