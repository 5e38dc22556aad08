package io.ironlb.core.config;

import static io.ironlb.core.config.ConfigFixtures.bfd;
import static io.ironlb.core.config.ConfigFixtures.bgpAdv;
import static io.ironlb.core.config.ConfigFixtures.community;
import static io.ironlb.core.config.ConfigFixtures.ebgpPeer;
import static io.ironlb.core.config.ConfigFixtures.l2;
import static io.ironlb.core.config.ConfigFixtures.parse;
import static io.ironlb.core.config.ConfigFixtures.peer;
import static io.ironlb.core.config.ConfigFixtures.pool;
import static io.ironlb.core.config.ConfigFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every semantic rule of METALLB-API.md §1.9 reports a problem a user can act on: the object's
 * kind, namespace and name, the field at fault, what is wrong, and what IronLB did about it.
 */
class ConfigProblemTest {

  private static final String P4 = "addresses: [192.0.2.0/24]";

  static Arguments row(String description, String expected, HasMetadata... objects) {
    return Arguments.of(description, expected, objects);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        row(
            "V1 an octet above 255 is an invalid CIDR",
            "IPAddressPool ironlb-system/p: spec.addresses[0]: invalid CIDR \"100.200.300.400/24\"",
            pool("p", "addresses: [100.200.300.400/24]")),
        row(
            "V1 a prefix longer than 32 is an invalid CIDR",
            "IPAddressPool ironlb-system/p: spec.addresses[1]: invalid CIDR \"1.2.3.0/33\"",
            pool("p", "addresses: [192.0.2.0/24, 1.2.3.0/33]")),
        row(
            "V1 a range whose start is after its end is refused",
            "IPAddressPool ironlb-system/p: spec.addresses[0]: invalid IP range"
                + " \"1.2.3.10-1.2.3.1\": start is after end; left out",
            pool("p", "addresses: [1.2.3.10-1.2.3.1]")),
        row(
            "V1 a range mixing IPv4 and IPv6 is refused",
            "spec.addresses[0]: invalid IP range \"192.0.2.1-2001:db8::1\": start and end are of"
                + " different IP families",
            pool("p", "addresses: ['192.0.2.1-2001:db8::1']")),
        row(
            "V2 a pool without addresses is refused",
            "IPAddressPool ironlb-system/p: spec.addresses: pool has no prefixes defined; left out",
            pool("p", "addresses: []")),
        row(
            "V3 two entries of one pool overlapping are refused",
            "IPAddressPool ironlb-system/p: spec.addresses[1]: CIDR 192.0.2.128/25 overlaps with"
                + " CIDR 192.0.2.0/24 of the same pool",
            pool("p", "addresses: [192.0.2.0/24, 192.0.2.128/25]")),
        row(
            "V3 a pool overlapping another names both pools",
            "IPAddressPool ironlb-system/b: spec.addresses[0]: CIDR 192.0.2.10/31 overlaps with CIDR"
                + " 192.0.2.0/24 of IPAddressPool \"a\"; left out",
            pool("a", P4),
            pool("b", "addresses: [192.0.2.10-192.0.2.20]")),
        row(
            "V4 a namespace listed twice is refused",
            "IPAddressPool ironlb-system/p: spec.serviceAllocation.namespaces[1]: duplicate"
                + " namespace \"x\"",
            pool("p", P4 + "\nserviceAllocation:\n  namespaces: [x, x]")),
        row(
            "V4 a namespace selector given twice is refused",
            "spec.serviceAllocation.namespaceSelectors[1]: duplicate selector {team=a}",
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  namespaceSelectors:\n"
                    + "  - matchLabels: {team: a}\n  - matchLabels: {team: a}")),
        row(
            "V4 an unknown selector operator is refused",
            "spec.serviceAllocation.serviceSelectors[0]: invalid label selector: unknown label"
                + " selector operator \"Maybe\"",
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  serviceSelectors:\n"
                    + "  - matchExpressions:\n    - {key: a, operator: Maybe}")),
        row(
            "V4 In without values is refused",
            "spec.serviceAllocation.serviceSelectors[0]: invalid label selector: operator In needs"
                + " at least one value",
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  serviceSelectors:\n"
                    + "  - matchExpressions:\n    - {key: a, operator: In}")),
        row(
            "V4 a label key with a space is refused",
            "spec.serviceAllocation.serviceSelectors[0]: invalid label selector: invalid label key"
                + " \"my app\"",
            pool(
                "p",
                P4
                    + "\nserviceAllocation:\n  serviceSelectors:\n"
                    + "  - matchLabels: {'my app': web}")),
        row(
            "V5 a pool named twice in an L2Advertisement is refused",
            "L2Advertisement ironlb-system/ad: spec.ipAddressPools[1]: duplicate pool \"p\"; left out",
            pool("p", P4),
            l2("ad", "ipAddressPools: [p, p]")),
        row(
            "V5 a node selector given twice is refused",
            "L2Advertisement ironlb-system/ad: spec.nodeSelectors[1]: duplicate selector {zone=a}",
            pool("p", P4),
            l2("ad", "nodeSelectors:\n- matchLabels: {zone: a}\n- matchLabels: {zone: a}")),
        row(
            "V5 selectors differing only in value order are duplicates",
            "BGPAdvertisement ironlb-system/ad: spec.ipAddressPoolSelectors[1]: duplicate selector"
                + " {tier In [a, b]}",
            pool("p", P4),
            bgpAdv(
                "ad",
                "ipAddressPoolSelectors:\n"
                    + "- matchExpressions: [{key: tier, operator: In, values: [a, b]}]\n"
                    + "- matchExpressions: [{key: tier, operator: In, values: [b, a]}]")),
        row(
            "V5 a value repeated inside a matchExpression is refused",
            "spec.serviceSelectors[0]: invalid label selector: duplicate value \"a\" in"
                + " matchExpression on key tier",
            pool("p", P4),
            l2(
                "ad",
                "serviceSelectors:\n- matchExpressions: [{key: tier, operator: In, values: [a, a]}]")),
        row(
            "V5 a matchExpression repeated in one selector is refused",
            "spec.nodeSelectors[0]: invalid label selector: duplicate matchExpression on key zone",
            ebgpPeer(
                "r",
                "nodeSelectors:\n- matchExpressions:\n"
                    + "  - {key: zone, operator: Exists}\n  - {key: zone, operator: Exists}")),
        row(
            "an advertisement naming an unknown pool loses only that reference",
            "L2Advertisement ironlb-system/ad: spec.ipAddressPools[1]: unknown IPAddressPool"
                + " \"ghost\"; reference ignored",
            pool("p", P4),
            l2("ad", "ipAddressPools: [p, ghost]")),
        row(
            "an advertisement naming a left-out pool says the pool is invalid",
            "BGPAdvertisement ironlb-system/ad: spec.ipAddressPools[0]: IPAddressPool \"broken\" is"
                + " invalid and left out; reference ignored",
            pool("broken", "addresses: [banana]"),
            bgpAdv("ad", "ipAddressPools: [broken]")),
        row(
            "an L2 preferred node weight outside 1..100 is refused",
            "L2Advertisement ironlb-system/ad: spec.preferredNodeSelectors[0].weight: weight must"
                + " be 1..100, got 0",
            l2(
                "ad",
                "preferredNodeSelectors:\n- weight: 0\n  preference: {matchLabels: {zone: a}}")),
        row(
            "V6 an IPv4 aggregation length above 32 is refused",
            "BGPAdvertisement ironlb-system/ad: spec.aggregationLength: invalid aggregation length"
                + " 33: must be 1..32; left out",
            pool("p", P4),
            bgpAdv("ad", "aggregationLength: 33")),
        row(
            "V6 an IPv6 aggregation length above 128 is refused",
            "spec.aggregationLengthV6: invalid aggregation length 129: must be 1..128",
            bgpAdv("ad", "aggregationLengthV6: 129")),
        row(
            "V7 an aggregation shorter than a pool prefix drops that pool",
            "BGPAdvertisement ironlb-system/ad: spec.aggregationLength: prefix 28 of 1.1.1.0/28 in"
                + " IPAddressPool \"p\" is more specific than the aggregation length 26; pool not"
                + " announced by this advertisement",
            pool("p", "addresses: [1.1.1.0/28]"),
            bgpAdv("ad", "aggregationLength: 26")),
        row(
            "V7 applies to IPv6 entries with aggregationLengthV6",
            "spec.aggregationLengthV6: prefix 120 of 2001:db8::/120 in IPAddressPool \"p6\" is more"
                + " specific than the aggregation length 64",
            pool("p6", "addresses: ['2001:db8::/120']"),
            bgpAdv("ad", "aggregationLengthV6: 64")),
        row(
            "V8 serviceSelectors with a non-default aggregation are refused",
            "BGPAdvertisement ironlb-system/ad: spec.serviceSelectors: serviceSelectors can be used"
                + " only with the default aggregation lengths (32 and 128); left out",
            pool("p", P4),
            bgpAdv("ad", "aggregationLength: 24\nserviceSelectors:\n- matchLabels: {a: b}")),
        row(
            "V9 two advertisements of one pool with different localPref clash",
            "BGPAdvertisement ironlb-system/a2: spec.localPref: localPref 200 conflicts with"
                + " localPref 100 of BGPAdvertisement \"a1\" for the routes of IPAddressPool \"p\""
                + " (same aggregation, peers and nodes); left out",
            pool("p", P4),
            bgpAdv("a1", "localPref: 100"),
            bgpAdv("a2", "localPref: 200")),
        row(
            "V10 a community listed twice is refused",
            "BGPAdvertisement ironlb-system/ad: spec.communities[1]: duplicate community"
                + " \"65000:1\"",
            bgpAdv("ad", "communities: ['65000:1', '65000:1']")),
        row(
            "V10 a peer listed twice is refused",
            "BGPAdvertisement ironlb-system/ad: spec.peers[1]: duplicate peer \"r\"",
            bgpAdv("ad", "peers: [r, r]")),
        row(
            "V11 a standard community part above 65535 is refused",
            "BGPAdvertisement ironlb-system/ad: spec.communities[0]: invalid community value"
                + " \"65536:1\": section \"65536\" is not a number in 0..65535; left out",
            bgpAdv("ad", "communities: ['65536:1']")),
        row(
            "V11 a four-part community without the large marker is refused",
            "spec.communities[0]: invalid community value \"big:1:2:3\": expected a large"
                + " community of the form large:A:B:C",
            bgpAdv("ad", "communities: ['big:1:2:3']")),
        row(
            "V11 a Community alias with an invalid value is refused",
            "Community ironlb-system/c: spec.communities[0].value: invalid community value"
                + " \"1:2:3\": expected A:B or large:A:B:C; left out",
            community("c", "communities:\n- {name: gold, value: '1:2:3'}")),
        row(
            "V12 an unknown community alias is refused",
            "BGPAdvertisement ironlb-system/ad: spec.communities[0]: unknown Community alias"
                + " \"no-such-alias\"; left out",
            bgpAdv("ad", "communities: [no-such-alias]")),
        row(
            "V13 an alias defined by two Community objects stays with the first",
            "Community ironlb-system/c2: spec.communities[0].name: duplicate definition of"
                + " community \"gold\": Community \"c1\" defines it; left out",
            community("c1", "communities:\n- {name: gold, value: '65000:1'}"),
            community("c2", "communities:\n- {name: gold, value: '65000:2'}")),
        row(
            "V13 an alias defined twice in one Community object is refused",
            "Community ironlb-system/c: spec.communities[1].name: duplicate definition of"
                + " community \"gold\"",
            community(
                "c",
                "communities:\n- {name: gold, value: '65000:1'}\n- {name: gold, value: '65000:2'}")),
        row(
            "V14 a zero local ASN is missing",
            "BGPPeer ironlb-system/r: spec.myASN: missing local ASN; left out",
            peer("r", "myASN: 0\npeerASN: 65000\npeerAddress: 10.0.0.1")),
        row(
            "V14 peerASN and dynamicASN together are refused",
            "BGPPeer ironlb-system/r: spec.peerASN: both peerASN and dynamicASN set: set exactly"
                + " one of peerASN and dynamicASN",
            peer("r", "myASN: 64512\npeerASN: 65000\ndynamicASN: external\npeerAddress: 10.0.0.1")),
        row(
            "V14 neither peerASN nor dynamicASN is refused",
            "spec.peerASN: missing peerASN: set exactly one of peerASN and dynamicASN",
            peer("r", "myASN: 64512\npeerAddress: 10.0.0.1")),
        row(
            "V14 an unknown dynamicASN is refused",
            "spec.dynamicASN: invalid dynamicASN \"sideways\": must be internal or external",
            peer("r", "myASN: 64512\ndynamicASN: sideways\npeerAddress: 10.0.0.1")),
        row(
            "V14 ebgpMultiHop on an iBGP peer is refused",
            "BGPPeer ironlb-system/r: spec.ebgpMultiHop: invalid ebgp-multihop parameter set for an"
                + " ibgp peer",
            peer("r", "myASN: 64512\npeerASN: 64512\npeerAddress: 10.0.0.1\nebgpMultiHop: true")),
        row(
            "V14 neither peerAddress nor interface is refused",
            "spec.peerAddress: missing peerAddress: set exactly one of peerAddress and interface",
            peer("r", "myASN: 64512\npeerASN: 65000")),
        row(
            "V14 both peerAddress and interface are refused",
            "spec.peerAddress: both peerAddress and interface set",
            ebgpPeer("r", "interface: eth1")),
        row(
            "V14 an invalid peer address is refused",
            "BGPPeer ironlb-system/r: spec.peerAddress: invalid IP address \"10.0.0.300\"",
            peer("r", "myASN: 64512\npeerASN: 65000\npeerAddress: 10.0.0.300")),
        row(
            "V14 an invalid source address is refused",
            "spec.sourceAddress: invalid IP address \"nowhere\"",
            ebgpPeer("r", "sourceAddress: nowhere")),
        row(
            "V14 an IPv6 router ID is refused",
            "spec.routerID: invalid router ID \"2001:db8::1\": must be an IPv4 address",
            ebgpPeer("r", "routerID: '2001:db8::1'")),
        row(
            "V14 a hold time under 3s is refused",
            "BGPPeer ironlb-system/r: spec.holdTime: invalid hold time 2s: must be 0 or at least 3s",
            ebgpPeer("r", "holdTime: 2s")),
        row(
            "V14 a hold time derived from a short keepalive is refused on the keepalive",
            "spec.keepaliveTime: hold time derived from keepaliveTime (3 x 500ms = 1.5s) must be 0"
                + " or at least 3s",
            ebgpPeer("r", "keepaliveTime: 500ms")),
        row(
            "V14 a keepalive longer than the hold time is refused",
            "spec.keepaliveTime: invalid keepaliveTime 10s: must not exceed holdTime 9s",
            ebgpPeer("r", "holdTime: 9s\nkeepaliveTime: 10s")),
        row(
            "V14 a hold time that is not a Go duration is refused",
            "spec.holdTime: invalid duration \"90\" (missing unit)",
            ebgpPeer("r", "holdTime: '90'")),
        row(
            "V14 a connect time with a fraction of a second is refused",
            "spec.connectTime: invalid connectTime \"1500ms\": must be whole seconds between 1s and"
                + " 65535s",
            ebgpPeer("r", "connectTime: 1500ms")),
        row(
            "V14 password and passwordSecret together are refused",
            "BGPPeer ironlb-system/r: spec.password: set only one of password and passwordSecret",
            ebgpPeer("r", "password: x\npasswordSecret: {name: bgp-auth}")),
        row(
            "V15 a missing password Secret is refused",
            "BGPPeer ironlb-system/r: spec.passwordSecret.name: Secret \"gone\" not found; left out",
            ebgpPeer("r", "passwordSecret: {name: gone}")),
        row(
            "V15 a password Secret of the wrong type is refused",
            "spec.passwordSecret.name: Secret \"opaque\" has type \"Opaque\"; a BGP password Secret"
                + " must be of type kubernetes.io/basic-auth",
            ebgpPeer("r", "passwordSecret: {name: opaque}")),
        row(
            "V15 a password Secret without a password key is refused",
            "spec.passwordSecret.name: Secret \"no-key\" has no \"password\" key",
            ebgpPeer("r", "passwordSecret: {name: no-key}")),
        row(
            "V15 a password Secret in another namespace is refused",
            "spec.passwordSecret.namespace: the Secret must be in the BGPPeer's namespace"
                + " \"ironlb-system\", not \"default\"",
            ebgpPeer("r", "passwordSecret: {name: bgp-auth, namespace: default}")),
        row(
            "V16 an unknown BFD profile is refused",
            "BGPPeer ironlb-system/r: spec.bfdProfile: unknown BFDProfile \"fast\"; left out",
            ebgpPeer("r", "bfdProfile: fast")),
        row(
            "V16 a peer naming an invalid BFD profile is refused too",
            "BGPPeer ironlb-system/r: spec.bfdProfile: BFDProfile \"fast\" is invalid and left out",
            bfd("fast", "receiveInterval: 5"),
            ebgpPeer("r", "bfdProfile: fast")),
        row(
            "V17 a detect multiplier under 2 is refused",
            "BFDProfile ironlb-system/b: spec.detectMultiplier: invalid value 1: must be 2..255;"
                + " left out",
            bfd("b", "detectMultiplier: 1")),
        row(
            "V17 a receive interval under 10ms is refused",
            "BFDProfile ironlb-system/b: spec.receiveInterval: invalid value 5: must be 10..60000",
            bfd("b", "receiveInterval: 5")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void problemNamesObjectFieldAndEffect(
      String description, String expected, HasMetadata[] objects) {
    assertThat(texts(parse(objects))).anySatisfy(text -> assertThat(text).contains(expected));
  }
}
