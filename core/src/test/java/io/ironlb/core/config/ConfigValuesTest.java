package io.ironlb.core.config;

import static io.ironlb.core.config.ConfigFixtures.bfd;
import static io.ironlb.core.config.ConfigFixtures.bgpAdv;
import static io.ironlb.core.config.ConfigFixtures.community;
import static io.ironlb.core.config.ConfigFixtures.ebgpPeer;
import static io.ironlb.core.config.ConfigFixtures.l2;
import static io.ironlb.core.config.ConfigFixtures.labelledPool;
import static io.ironlb.core.config.ConfigFixtures.parse;
import static io.ironlb.core.config.ConfigFixtures.peer;
import static io.ironlb.core.config.ConfigFixtures.pool;
import static io.ironlb.core.config.ConfigFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ironlb.core.selector.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a parse makes of valid objects: defaults, derived values, resolved references. */
class ConfigValuesTest {

  private static final String P4 = "addresses: [192.0.2.0/24]";

  static Arguments row(
      String description,
      Function<Config, Object> actual,
      Object expected,
      int problems,
      HasMetadata... objects) {
    return Arguments.of(description, actual, expected, problems, objects);
  }

  static Stream<Arguments> values() {
    return Stream.of(
        row(
            "a range becomes the minimal list of CIDRs in address order",
            c -> cidrs(c, "p"),
            List.of("192.0.2.1/32", "192.0.2.2/31", "192.0.2.4/31", "192.0.2.6/32"),
            0,
            pool("p", "addresses: ['192.0.2.1 - 192.0.2.6']")),
        row(
            "a dual-stack pool holds IPv4 and IPv6 entries in declaration order",
            c -> cidrs(c, "p"),
            List.of("2001:db8::/126", "192.0.2.1/32", "192.0.2.2/32"),
            0,
            pool("p", "addresses: ['2001:db8::/126', '192.0.2.1-192.0.2.2']")),
        row(
            "host bits of a CIDR are cleared",
            c -> cidrs(c, "p"),
            List.of("198.51.100.0/24"),
            0,
            pool("p", "addresses: [198.51.100.10/24]")),
        row(
            "autoAssign defaults to true and avoidBuggyIPs to false",
            c -> List.of(c.pools().get("p").autoAssign(), c.pools().get("p").avoidBuggyIPs()),
            List.of(true, false),
            0,
            pool("p", P4)),
        row(
            "namespaceSelectors add the matching Namespaces to the listed ones",
            c -> allocation(c).namespaces(),
            Set.of("default", "team-a"),
            0,
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  namespaces: [default]\n"
                    + "  namespaceSelectors:\n  - matchLabels: {team: a}")),
        row(
            "namespaceSelectors alone restrict the pool to the Namespaces they match",
            c -> List.of(allocation(c).namespacesRestricted(), allocation(c).namespaces()),
            List.of(true, Set.of("team-a", "team-b")),
            0,
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  namespaceSelectors:\n"
                    + "  - matchExpressions: [{key: team, operator: Exists}]")),
        row(
            "a priority-only serviceAllocation restricts no namespace",
            c -> List.of(allocation(c).priority(), allocation(c).namespacesRestricted()),
            List.of(5, false),
            0,
            pool("p", P4 + "\nserviceAllocation:\n  priority: 5")),
        row(
            "an L2Advertisement without pool lists applies to every pool",
            c -> c.l2Advertisements().get("ad").pools(),
            List.of("a", "b"),
            0,
            pool("b", "addresses: [192.0.2.0/25]"),
            pool("a", "addresses: [192.0.2.128/25]"),
            l2("ad", "{}")),
        row(
            "ipAddressPoolSelectors pick pools by label, together with named pools",
            c -> c.l2Advertisements().get("ad").pools(),
            List.of("blue", "red"),
            0,
            labelledPool("blue", "{color: blue}", "addresses: [192.0.2.0/26]"),
            labelledPool("green", "{color: green}", "addresses: [192.0.2.64/26]"),
            pool("red", "addresses: [192.0.2.128/26]"),
            l2(
                "ad",
                "ipAddressPools: [red]\nipAddressPoolSelectors:\n- matchLabels: {color: blue}")),
        row(
            "an advertisement naming an unknown pool keeps the known ones",
            c -> c.l2Advertisements().get("ad").pools(),
            List.of("p"),
            1,
            pool("p", P4),
            l2("ad", "ipAddressPools: [ghost, p]")),
        row(
            "an advertisement naming a left-out pool loses only that reference",
            c -> c.bgpAdvertisements().get("ad").pools(),
            List.of("good"),
            2,
            pool("good", P4),
            pool("broken", "addresses: [banana]"),
            bgpAdv("ad", "ipAddressPools: [broken, good]")),
        row(
            "L2 interfaces, node selectors and preferred nodes are carried over",
            c -> {
              L2AdvertisementConfig ad = c.l2Advertisements().get("ad");
              return List.of(ad.interfaces(), ad.nodeSelectors(), ad.preferredNodes());
            },
            List.of(
                List.of("eth0", "eth1"),
                List.of(new LabelSelector(Map.of("zone", "a"), List.of())),
                List.of(
                    new L2AdvertisementConfig.PreferredNodes(
                        50, new LabelSelector(Map.of("zone", "b"), List.of())))),
            0,
            pool("p", P4),
            l2(
                "ad",
                "interfaces: [eth0, eth1, eth0]\nnodeSelectors:\n- matchLabels: {zone: a}\n"
                    + "preferredNodeSelectors:\n- weight: 50\n  preference: {matchLabels: {zone: b}}")),
        row(
            "BGP communities resolve aliases and literals, sorted without duplicates",
            c -> c.bgpAdvertisements().get("ad").communities(),
            List.of(
                new BgpCommunity.Standard(65000, 1),
                new BgpCommunity.Standard(65000, 2),
                new BgpCommunity.Large(4294967295L, 1, 2)),
            0,
            community("c", "communities:\n- {name: gold, value: '65000:1'}"),
            bgpAdv("ad", "communities: ['large:4294967295:1:2', '65000:2', gold, '65000:1']")),
        row(
            "BGP aggregation defaults to 32 and 128 and localPref to 0",
            c -> {
              BgpAdvertisementConfig ad = c.bgpAdvertisements().get("ad");
              return List.of(ad.aggregationLength(), ad.aggregationLengthV6(), ad.localPref());
            },
            List.of(32, 128, 0L),
            0,
            pool("p", P4),
            bgpAdv("ad", "{}")),
        row(
            "an aggregation length too short for one pool drops only that pool",
            c -> c.bgpAdvertisements().get("ad").pools(),
            List.of("wide"),
            1,
            pool("narrow", "addresses: [10.1.0.0/28]"),
            pool("wide", "addresses: [10.2.0.0/24]"),
            bgpAdv("ad", "aggregationLength: 24")),
        row(
            "a range entry is aggregated by the length of its widest CIDR",
            c -> c.bgpAdvertisements().get("ad").pools(),
            List.of("p"),
            0,
            pool("p", "addresses: [10.0.0.0-10.0.0.4]"),
            bgpAdv("ad", "aggregationLength: 30")),
        row(
            "V9 does not apply when the advertisements reach disjoint nodes",
            c -> c.bgpAdvertisements().keySet(),
            Set.of("a1", "a2"),
            0,
            pool("p", P4),
            bgpAdv("a1", "localPref: 100\nnodeSelectors:\n- matchLabels: {zone: a}"),
            bgpAdv("a2", "localPref: 200\nnodeSelectors:\n- matchLabels: {zone: b}")),
        row(
            "V9 does not apply when the advertisements name disjoint peers",
            c -> c.bgpAdvertisements().keySet(),
            Set.of("a1", "a2"),
            0,
            pool("p", P4),
            bgpAdv("a1", "localPref: 100\npeers: [r1]"),
            bgpAdv("a2", "localPref: 200\npeers: [r2]")),
        row(
            "V9 does not apply when aggregation lengths differ",
            c -> c.bgpAdvertisements().keySet(),
            Set.of("a1", "a2"),
            0,
            pool("p", P4),
            bgpAdv("a1", "localPref: 100"),
            bgpAdv("a2", "localPref: 200\naggregationLength: 24")),
        row(
            "V9 does not apply to advertisements with serviceSelectors",
            c -> c.bgpAdvertisements().keySet(),
            Set.of("a1", "a2"),
            0,
            pool("p", P4),
            bgpAdv("a1", "localPref: 100"),
            bgpAdv("a2", "localPref: 200\nserviceSelectors:\n- matchLabels: {app: web}")),
        row(
            "a peer without timers gets a 90s hold time and a 30s keepalive",
            c -> timers(c),
            List.of(Duration.ofSeconds(90), Duration.ofSeconds(30)),
            0,
            ebgpPeer("r", "")),
        row(
            "a hold time alone gives a keepalive of a third of it",
            c -> timers(c),
            List.of(Duration.ofSeconds(90), Duration.ofSeconds(30)),
            0,
            ebgpPeer("r", "holdTime: 1m30s")),
        row(
            "a keepalive alone gives a hold time of three times it",
            c -> timers(c),
            List.of(Duration.ofSeconds(30), Duration.ofSeconds(10)),
            0,
            ebgpPeer("r", "keepaliveTime: 10s")),
        row(
            "a zero hold time is allowed and disables keepalives",
            c -> timers(c),
            List.of(Duration.ZERO, Duration.ZERO),
            0,
            ebgpPeer("r", "holdTime: 0s")),
        row(
            "a password Secret is resolved, remembering where it came from",
            c -> c.bgpPeers().get("r").password().orElseThrow(),
            new BgpPeerConfig.Password("s3cret", Optional.of("bgp-auth")),
            0,
            ebgpPeer("r", "passwordSecret: {name: bgp-auth}")),
        row(
            "a dynamic internal ASN makes an iBGP peer on an unnumbered interface",
            c -> {
              BgpPeerConfig r = c.bgpPeers().get("r");
              return List.of(r.ibgp(), r.iface(), r.dynamicAsn(), r.port());
            },
            List.of(true, Optional.of("eth1"), Optional.of(BgpPeerConfig.DynamicAsn.INTERNAL), 179),
            0,
            peer("r", "myASN: 64512\ndynamicASN: internal\ninterface: eth1")),
        row(
            "iBGP is judged against the AS presented (localASN), not myASN",
            c -> List.of(c.bgpPeers().get("r").ibgp(), c.bgpPeers().get("e").ibgp()),
            List.of(true, false),
            0,
            peer("r", "myASN: 64512\nlocalASN: 64600\npeerASN: 64600\npeerAddress: 192.0.2.1"),
            peer("e", "myASN: 64512\nlocalASN: 64600\npeerASN: 64512\npeerAddress: 192.0.2.2")),
        row(
            "disableMP is kept (the session then sends no multiprotocol capability)",
            c -> c.bgpPeers().get("r").disableMp(),
            true,
            0,
            ebgpPeer("r", "disableMP: true")),
        row(
            "a BFD profile without values gets the documented defaults",
            c -> c.bfdProfiles().get("b"),
            new BfdProfileConfig("b", 300, 300, 3, 50, false, false, 254),
            0,
            bfd("b", "{}")),
        row(
            "IPv6 pools, large communities and BFD are supported (no native-mode V20 limits)",
            c ->
                List.of(
                    c.bgpAdvertisements().get("ad").pools(), c.bgpPeers().get("r").bfdProfile()),
            List.of(List.of("p6"), Optional.of("fast")),
            0,
            pool("p6", "addresses: ['2001:db8::/64']"),
            bgpAdv("ad", "aggregationLengthV6: 64\ncommunities: ['large:1:2:3']"),
            bfd("fast", "receiveInterval: 50\ntransmitInterval: 50\nechoMode: true"),
            ebgpPeer("r", "bfdProfile: fast\nkeepaliveTime: 1s\nholdTime: 3s")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void parsesValidObjects(
      String description,
      Function<Config, Object> actual,
      Object expected,
      int problems,
      HasMetadata[] objects) {
    ParseResult r = parse(objects);
    assertThat(actual.apply(r.config())).isEqualTo(expected);
    assertThat(texts(r)).hasSize(problems);
  }

  private static List<String> cidrs(Config c, String pool) {
    return c.pools().get(pool).cidrs().stream().map(Object::toString).toList();
  }

  private static ServiceAllocation allocation(Config c) {
    return c.pools().get("p").serviceAllocation().orElseThrow();
  }

  private static List<Duration> timers(Config c) {
    BgpPeerConfig.Timers t = c.bgpPeers().get("r").timers();
    return List.of(t.holdTime(), t.keepaliveTime());
  }
}
