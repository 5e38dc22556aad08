package io.ironlb.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BGPAdvertisement;
import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.IPAddressPool;
import io.ironlb.api.v1beta1.L2Advertisement;
import io.ironlb.api.v1beta2.BGPPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Building a {@link Config} from CRs (METALLB-API.md §1.9): every problem names object and field,
 * and an invalid object never hides the valid ones.
 */
class ConfigParserTest {

  private static final String NS = "ironlb-system";

  static <T extends HasMetadata> T cr(
      Class<T> type, String kind, String apiVersion, String name, String spec) {
    String yaml =
        "apiVersion: "
            + apiVersion
            + "\nkind: "
            + kind
            + "\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + NS
            + "\nspec:\n"
            + spec.indent(2);
    return Serialization.unmarshal(yaml, type);
  }

  static IPAddressPool pool(String name, String spec) {
    return cr(IPAddressPool.class, "IPAddressPool", "metallb.io/v1beta1", name, spec);
  }

  static L2Advertisement l2(String name, String spec) {
    return cr(L2Advertisement.class, "L2Advertisement", "metallb.io/v1beta1", name, spec);
  }

  static BGPAdvertisement bgpAdv(String name, String spec) {
    return cr(BGPAdvertisement.class, "BGPAdvertisement", "metallb.io/v1beta1", name, spec);
  }

  static BGPPeer peer(String name, String spec) {
    return cr(BGPPeer.class, "BGPPeer", "metallb.io/v1beta2", name, spec);
  }

  static Community community(String name, String spec) {
    return cr(Community.class, "Community", "metallb.io/v1beta1", name, spec);
  }

  static BFDProfile bfd(String name, String spec) {
    return cr(BFDProfile.class, "BFDProfile", "metallb.io/v1beta1", name, spec);
  }

  /** Inputs holding whatever objects are given, by type. */
  static ConfigInputs inputs(HasMetadata... objects) {
    List<IPAddressPool> pools = new ArrayList<>();
    List<L2Advertisement> l2 = new ArrayList<>();
    List<BGPAdvertisement> bgp = new ArrayList<>();
    List<BGPPeer> peers = new ArrayList<>();
    List<BFDProfile> bfds = new ArrayList<>();
    List<Community> communities = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof IPAddressPool p) {
        pools.add(p);
      } else if (o instanceof L2Advertisement a) {
        l2.add(a);
      } else if (o instanceof BGPAdvertisement a) {
        bgp.add(a);
      } else if (o instanceof BGPPeer p) {
        peers.add(p);
      } else if (o instanceof BFDProfile b) {
        bfds.add(b);
      } else if (o instanceof Community c) {
        communities.add(c);
      } else {
        throw new IllegalArgumentException(o.getKind());
      }
    }
    return new ConfigInputs(
        pools,
        l2,
        bgp,
        peers,
        bfds,
        communities,
        Map.of("default", Map.of(), "team-a", Map.of("team", "a"), "team-b", Map.of("team", "b")),
        Map.of());
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of(
            "V1 bad octet",
            inputs(pool("p", "addresses: [100.200.300.400/24]")),
            "IPAddressPool ironlb-system/p: spec.addresses[0]: invalid CIDR \"100.200.300.400/24\""),
        Arguments.of(
            "V1 prefix too long",
            inputs(pool("p", "addresses: [1.2.3.0/33]")),
            "spec.addresses[0]: invalid CIDR \"1.2.3.0/33\""),
        Arguments.of(
            "V1 range start after end",
            inputs(pool("p", "addresses: [1.2.3.10-1.2.3.1]")),
            "spec.addresses[0]: invalid IP range \"1.2.3.10-1.2.3.1\": start is after end"),
        Arguments.of(
            "V2 no addresses",
            inputs(pool("p", "addresses: []")),
            "spec.addresses: pool has no prefixes defined"),
        Arguments.of(
            "V3 overlap inside one pool",
            inputs(pool("p", "addresses: [192.0.2.0/24, 192.0.2.128/25]")),
            "spec.addresses[1]: CIDR 192.0.2.128/25 overlaps with CIDR 192.0.2.0/24 of the same pool"),
        Arguments.of(
            "V3 overlap between pools names both",
            inputs(
                pool("a", "addresses: [192.0.2.0/24]"),
                pool("b", "addresses: [192.0.2.10-192.0.2.20]")),
            "IPAddressPool ironlb-system/b: spec.addresses: CIDR 192.0.2.10/31 overlaps with already defined CIDR 192.0.2.0/24 of IPAddressPool \"a\""),
        Arguments.of(
            "V4 duplicate namespace",
            inputs(
                pool("p", "addresses: [192.0.2.0/24]\nserviceAllocation:\n  namespaces: [x, x]")),
            "spec.serviceAllocation.namespaces[1]: duplicate namespace x"),
        Arguments.of(
            "V4 bad selector operator",
            inputs(
                pool(
                    "p",
                    "addresses: [192.0.2.0/24]\nserviceAllocation:\n  serviceSelectors:\n  - matchExpressions:\n    - {key: a, operator: Maybe}")),
            "spec.serviceAllocation.serviceSelectors[0]: invalid label selector: unknown label selector operator \"Maybe\""),
        Arguments.of(
            "V5 unknown pool in an L2Advertisement",
            inputs(pool("p", "addresses: [192.0.2.0/24]"), l2("ad", "ipAddressPools: [p, ghost]")),
            "L2Advertisement ironlb-system/ad: spec.ipAddressPools[1]: unknown IPAddressPool \"ghost\"; reference ignored"),
        Arguments.of(
            "V5 duplicate pool name",
            inputs(pool("p", "addresses: [192.0.2.0/24]"), l2("ad", "ipAddressPools: [p, p]")),
            "spec.ipAddressPools[1]: duplicate pool p"),
        Arguments.of(
            "V6 aggregation above 32",
            inputs(pool("p", "addresses: [192.0.2.0/24]"), bgpAdv("ad", "aggregationLength: 33")),
            "spec.aggregationLength: must be 1..32, got 33"),
        Arguments.of(
            "V7 aggregation shorter than a pool prefix",
            inputs(pool("p", "addresses: [1.1.1.0/28]"), bgpAdv("ad", "aggregationLength: 26")),
            "prefix 28 of 1.1.1.0/28 in IPAddressPool \"p\" is more specific than the aggregation length 26"),
        Arguments.of(
            "V8 serviceSelectors with aggregation",
            inputs(
                pool("p", "addresses: [1.1.1.0/24]"),
                bgpAdv("ad", "aggregationLength: 24\nserviceSelectors:\n- matchLabels: {a: b}")),
            "serviceSelectors can be used only with the default aggregation lengths"),
        Arguments.of(
            "V9 conflicting localPref",
            inputs(
                pool("p", "addresses: [1.1.1.0/24]"),
                bgpAdv("a1", "localPref: 100"),
                bgpAdv("a2", "localPref: 200")),
            "BGPAdvertisement ironlb-system/a2: spec.localPref: localPref 200 conflicts with localPref 100"),
        Arguments.of(
            "V10 duplicate community",
            inputs(
                pool("p", "addresses: [1.1.1.0/24]"),
                bgpAdv("ad", "communities: ['65000:1', '65000:1']")),
            "spec.communities[1]: duplicate entry 65000:1"),
        Arguments.of(
            "V11 community part too large",
            inputs(pool("p", "addresses: [1.1.1.0/24]"), bgpAdv("ad", "communities: ['65536:1']")),
            "invalid community value \"65536:1\": each part of A:B must be 0..65535"),
        Arguments.of(
            "V12 unknown community alias",
            inputs(
                pool("p", "addresses: [1.1.1.0/24]"), bgpAdv("ad", "communities: [no-such-alias]")),
            "spec.communities[0]: unknown Community alias \"no-such-alias\""),
        Arguments.of(
            "V13 duplicate alias across Community objects",
            inputs(
                community("c1", "communities:\n- {name: gold, value: '65000:1'}"),
                community("c2", "communities:\n- {name: gold, value: '65000:2'}")),
            "Community ironlb-system/c2: spec.communities[0].name: duplicate definition of community \"gold\""),
        Arguments.of(
            "V14 missing local ASN",
            inputs(peer("r", "myASN: 0\npeerASN: 65000\npeerAddress: 10.0.0.1")),
            "BGPPeer ironlb-system/r: spec.myASN: missing local ASN"),
        Arguments.of(
            "V14 both peerASN and dynamicASN",
            inputs(
                peer(
                    "r",
                    "myASN: 64512\npeerASN: 65000\ndynamicASN: external\npeerAddress: 10.0.0.1")),
            "spec.peerASN: set exactly one of peerASN and dynamicASN"),
        Arguments.of(
            "V14 ebgpMultiHop on iBGP",
            inputs(
                peer(
                    "r",
                    "myASN: 64512\npeerASN: 64512\npeerAddress: 10.0.0.1\nebgpMultiHop: true")),
            "invalid ebgp-multihop parameter set for an ibgp peer"),
        Arguments.of(
            "V14 bad peer address",
            inputs(peer("r", "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.300")),
            "spec.peerAddress: invalid IP address \"10.0.0.300\""),
        Arguments.of(
            "V14 hold time below 3s",
            inputs(peer("r", "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\nholdTime: 2s")),
            "spec.holdTime: hold time must be 0 or at least 3s"),
        Arguments.of(
            "V14 keepalive longer than hold",
            inputs(
                peer(
                    "r",
                    "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\nholdTime: 9s\nkeepaliveTime: 10s")),
            "spec.keepaliveTime: keepalive time 10000ms is longer than the hold time"),
        Arguments.of(
            "V14 password and secret together",
            inputs(
                peer(
                    "r",
                    "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\npassword: x\npasswordSecret: {name: s}")),
            "spec.password: set only one of password and passwordSecret"),
        Arguments.of(
            "V16 unknown BFD profile",
            inputs(
                peer("r", "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\nbfdProfile: fast")),
            "spec.bfdProfile: unknown BFDProfile \"fast\""),
        Arguments.of(
            "V17 BFD multiplier out of range",
            inputs(bfd("b", "detectMultiplier: 1")),
            "BFDProfile ironlb-system/b: spec.detectMultiplier: must be 2..255, got 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void problemNamesObjectAndField(String description, ConfigInputs in, String expected) {
    ParseResult r = new ConfigParser().parse(in, Config.empty());
    assertThat(r.problems())
        .extracting(ConfigProblem::toString)
        .anySatisfy(s -> assertThat(s).contains(expected));
  }

  @Test
  void anInvalidPoolNeverHidesAValidOne() {
    ParseResult r =
        new ConfigParser()
            .parse(
                inputs(
                    pool("broken", "addresses: [banana]"),
                    pool("good", "addresses: [192.0.2.0/24]")),
                Config.empty());
    assertThat(r.config().pools()).containsOnlyKeys("good");
  }

  @Test
  void aBrokenEditKeepsTheLastValidVersion() {
    ConfigParser parser = new ConfigParser();
    Config before =
        parser.parse(inputs(pool("p", "addresses: [192.0.2.0/24]")), Config.empty()).config();
    ParseResult after = parser.parse(inputs(pool("p", "addresses: [192.0.2.0/33]")), before);
    assertThat(after.config().pools().get("p")).isEqualTo(before.pools().get("p"));
    assertThat(after.problems())
        .extracting(ConfigProblem::toString)
        .anySatisfy(s -> assertThat(s).contains("keeping the last valid version"));
  }

  @Test
  void aPoolAlreadyInUseWinsAnOverlapAgainstANewcomerWhateverTheNames() {
    ConfigParser parser = new ConfigParser();
    Config before =
        parser.parse(inputs(pool("zz-old", "addresses: [192.0.2.0/24]")), Config.empty()).config();
    ParseResult r =
        parser.parse(
            inputs(
                pool("zz-old", "addresses: [192.0.2.0/24]"),
                pool("aa-new", "addresses: [192.0.2.0/25]")),
            before);
    assertThat(r.config().pools()).containsOnlyKeys("zz-old");
  }

  @Test
  void namespaceSelectorsResolveAgainstNamespaceLabels() {
    ParseResult r =
        new ConfigParser()
            .parse(
                inputs(
                    pool(
                        "p",
                        "addresses: [192.0.2.0/24]\nserviceAllocation:\n  namespaces: [default]\n  namespaceSelectors:\n  - matchLabels: {team: a}")),
                Config.empty());
    ServiceAllocation sa = r.config().pools().get("p").serviceAllocation().orElseThrow();
    assertThat(sa.namespaces()).containsExactlyInAnyOrder("default", "team-a");
    assertThat(sa.namespacesRestricted()).isTrue();
  }

  @Test
  void aDualStackPoolMixesFamiliesAndRangesBecomeCidrs() {
    ParseResult r =
        new ConfigParser()
            .parse(
                inputs(pool("p", "addresses: ['192.0.2.1-192.0.2.2', '2001:db8::/126']")),
                Config.empty());
    assertThat(r.problems()).isEmpty();
    assertThat(r.config().pools().get("p").cidrs())
        .extracting(Object::toString)
        .containsExactly("192.0.2.1/32", "192.0.2.2/32", "2001:db8::/126");
  }

  @Test
  void equalInputsGiveEqualConfigs() {
    ConfigInputs in =
        inputs(
            pool("a", "addresses: [192.0.2.0/24]"),
            l2("ad", "{}"),
            bgpAdv("b", "communities: ['65000:1']"));
    assertThat(new ConfigParser().parse(in, Config.empty()).config())
        .isEqualTo(new ConfigParser().parse(in, Config.empty()).config());
  }

  @Test
  void aliasesResolveAndPasswordsNeverPrint() {
    ParseResult r =
        new ConfigParser()
            .parse(
                inputs(
                    pool("p", "addresses: [1.1.1.0/24]"),
                    community("c", "communities:\n- {name: gold, value: 'large:1:2:3'}"),
                    bgpAdv("ad", "communities: [gold]"),
                    peer(
                        "r",
                        "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.1\npassword: s3cret")),
                Config.empty());
    assertThat(r.problems()).isEmpty();
    assertThat(r.config().bgpAdvertisements().get("ad").communities())
        .containsExactly("large:1:2:3");
    assertThat(r.config().bgpPeers().get("r").keepaliveTime()).hasSeconds(30);
    assertThat(r.config().toString()).doesNotContain("s3cret");
  }
}
