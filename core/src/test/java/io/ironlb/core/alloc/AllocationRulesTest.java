package io.ironlb.core.alloc;

import static io.ironlb.core.alloc.Fixtures.pool;
import static io.ironlb.core.alloc.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.AddressPool;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MetalLB's allocation rules (METALLB-API.md §2-3) with IronLB's deterministic choices (§10.1), one
 * row per behaviour: given pools and the Services already placed, what the next Service gets.
 */
class AllocationRulesTest {

  /** A row: Services in {@code before} are converged in order, then {@code svc}. */
  record Row(
      String description,
      List<Fixtures.PoolBuilder> pools,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder svc,
      List<String> expectedIps,
      String expectedEvent) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Row gets(
      String d, List<Fixtures.PoolBuilder> pools, Fixtures.SvcBuilder s, String... ips) {
    return new Row(d, pools, List.of(), s, List.of(ips), "IPAllocated");
  }

  static Row getsAfter(
      String d,
      List<Fixtures.PoolBuilder> pools,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder s,
      String... ips) {
    return new Row(d, pools, before, s, List.of(ips), null);
  }

  /** Success that must come with an Event {@code "Reason:text"} ({@code "-"}: no Event at all). */
  static Row getsWith(
      String d,
      List<Fixtures.PoolBuilder> pools,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder s,
      String event,
      String... ips) {
    return new Row(d, pools, before, s, List.of(ips), event);
  }

  static Row fails(
      String d,
      List<Fixtures.PoolBuilder> pools,
      List<Fixtures.SvcBuilder> before,
      Fixtures.SvcBuilder s,
      String reasonAndText) {
    return new Row(d, pools, before, s, List.of(), reasonAndText);
  }

  static Stream<Row> rows() {
    var v4 = List.of(pool("blue", "192.0.2.0/28"));
    var dual = List.of(pool("dual", "192.0.2.0/28", "2001:db8::/124"));
    return Stream.of(
        // --- pool choice and address order
        gets("first address of the only pool, network address included", v4, svc("a"), "192.0.2.0"),
        gets(
            "avoidBuggyIPs skips the .0 address",
            List.of(pool("p", "192.0.2.0/28").avoidBuggyIPs()),
            svc("a"),
            "192.0.2.1"),
        fails(
            "avoidBuggyIPs leaves a lone .255 unusable",
            List.of(pool("p", "192.0.2.255/32").avoidBuggyIPs()),
            List.of(),
            svc("a"),
            "AllocationFailed:no free IPv4"),
        gets(
            "a range entry starts at its first address",
            List.of(pool("r", "192.0.2.10-192.0.2.12")),
            svc("a"),
            "192.0.2.10"),
        gets(
            "CIDRs are used in declaration order, not address order",
            List.of(pool("p", "198.51.100.0/30", "192.0.2.0/30")),
            svc("a"),
            "198.51.100.0"),
        gets(
            "lower priority number is tried first",
            List.of(
                pool("a", "192.0.2.0/30").priority(5), pool("b", "198.51.100.0/30").priority(1)),
            svc("s"),
            "198.51.100.0"),
        gets(
            "priority 0 (unset) comes after any explicit priority",
            List.of(
                pool("a", "192.0.2.0/30").priority(0), pool("b", "198.51.100.0/30").priority(9)),
            svc("s"),
            "198.51.100.0"),
        gets(
            "negative priority sorts before positive",
            List.of(
                pool("a", "192.0.2.0/30").priority(1), pool("b", "198.51.100.0/30").priority(-1)),
            svc("s"),
            "198.51.100.0"),
        gets(
            "equal priorities tie-break by pool name",
            List.of(
                pool("zeta", "192.0.2.0/30").priority(2),
                pool("alpha", "198.51.100.0/30").priority(2)),
            svc("s"),
            "198.51.100.0"),
        gets(
            "unpinned pools tie-break by pool name",
            List.of(pool("zeta", "192.0.2.0/30"), pool("alpha", "198.51.100.0/30")),
            svc("s"),
            "198.51.100.0"),
        gets(
            "a pool pinned to the namespace wins over an unpinned one",
            List.of(
                pool("aaa", "192.0.2.0/30"),
                pool("team", "198.51.100.0/30").namespaces(0, "default")),
            svc("s"),
            "198.51.100.0"),
        gets(
            "a pool pinned to another namespace is skipped",
            List.of(
                pool("other", "192.0.2.0/30").namespaces(1, "prod"),
                pool("zzz", "198.51.100.0/30")),
            svc("s"),
            "198.51.100.0"),
        fails(
            "a pool pinned elsewhere is never used, even when it is the only one",
            List.of(pool("other", "192.0.2.0/30").namespaces(1, "prod")),
            List.of(),
            svc("s"),
            "AllocationFailed:no IPAddressPool matches this Service: every pool has autoAssign: false or"),
        gets(
            "a service selector pins the pool to matching Services",
            List.of(
                pool("aaa", "192.0.2.0/30"),
                pool("gold", "198.51.100.0/30").serviceLabel(0, "tier", "gold")),
            svc("s").label("tier", "gold"),
            "198.51.100.0"),
        gets(
            "namespaces and service selectors must both match",
            List.of(
                pool("gold", "198.51.100.0/30").serviceLabel(1, "tier", "gold", "prod"),
                pool("zzz", "192.0.2.0/30")),
            svc("s").label("tier", "gold"),
            "192.0.2.0"),
        gets(
            "autoAssign false keeps a pool out of automatic allocation",
            List.of(pool("aaa", "192.0.2.0/30").noAutoAssign(), pool("bbb", "198.51.100.0/30")),
            svc("s"),
            "198.51.100.0"),
        gets(
            "the address-pool annotation reaches an autoAssign false pool",
            List.of(pool("aaa", "192.0.2.0/30").noAutoAssign(), pool("bbb", "198.51.100.0/30")),
            svc("s").fromPool("aaa"),
            "192.0.2.0"),
        fails(
            "an unknown requested pool fails with its name",
            v4,
            List.of(),
            svc("s").fromPool("nope"),
            "AllocationFailed:unknown IPAddressPool \"nope\""),
        fails(
            "a requested pool must still admit the Service",
            List.of(pool("prodonly", "192.0.2.0/30").namespaces(1, "prod")),
            List.of(),
            svc("s").fromPool("prodonly"),
            "AllocationFailed:does not admit"),
        gets(
            "the old metallb.universe.tf prefix is still read",
            List.of(pool("aaa", "192.0.2.0/30"), pool("bbb", "198.51.100.0/30")),
            svc("s").annotation("metallb.universe.tf/address-pool", "bbb"),
            "198.51.100.0"),
        gets(
            "metallb.io wins over metallb.universe.tf",
            List.of(pool("aaa", "192.0.2.0/30"), pool("bbb", "198.51.100.0/30")),
            svc("s").annotation("metallb.universe.tf/address-pool", "bbb").fromPool("aaa"),
            "192.0.2.0"),
        fails(
            "an exhausted pool says so",
            List.of(pool("one", "192.0.2.1/32")),
            List.of(svc("first")),
            svc("s"),
            "AllocationFailed:pool \"one\" has no free IPv4 address"),
        getsAfter(
            "a full pool falls through to the next one",
            List.of(
                pool("a", "192.0.2.1/32").priority(1), pool("b", "198.51.100.0/30").priority(2)),
            List.of(svc("first")),
            svc("s"),
            "198.51.100.0"),
        fails(
            "no pool at all",
            List.of(),
            List.of(),
            svc("s"),
            "AllocationFailed:no IPAddressPool matches this Service: there is no IPAddressPool"),
        getsAfter(
            "the next Service gets the next free address",
            v4,
            List.of(svc("first")),
            svc("s"),
            "192.0.2.1"),
        // --- requested IPs
        gets("a requested IP in a pool is granted", v4, svc("s").ips("192.0.2.9"), "192.0.2.9"),
        gets(
            "spec.loadBalancerIP is honoured",
            v4,
            svc("s").loadBalancerIP("192.0.2.7"),
            "192.0.2.7"),
        fails(
            "spec.loadBalancerIP and the annotation together are refused",
            v4,
            List.of(),
            svc("s").ips("192.0.2.9").loadBalancerIP("192.0.2.7"),
            "LoadBalancerFailed:both set"),
        fails(
            "garbage in loadBalancerIPs is named",
            v4,
            List.of(),
            svc("s").ips("192.0.2.9,garbage"),
            "LoadBalancerFailed:\"garbage\" is not an IP address"),
        fails(
            "a requested IP outside every pool is named",
            v4,
            List.of(),
            svc("s").ips("203.0.113.5"),
            "AllocationFailed:requested IP 203.0.113.5 is not in any IPAddressPool"),
        fails(
            "a requested IP in use without sharing is refused",
            v4,
            List.of(svc("holder").ips("192.0.2.3")),
            svc("s").ips("192.0.2.3"),
            "AllocationFailed:requested IP 192.0.2.3 is in use by default/holder and cannot be shared:"
                + " default/holder does not allow sharing"),
        fails(
            "a requested .0 IP with avoidBuggyIPs is outside the pool",
            List.of(pool("p", "192.0.2.0/28").avoidBuggyIPs()),
            List.of(),
            svc("s").ips("192.0.2.0"),
            "AllocationFailed:not in any IPAddressPool"),
        fails(
            "a requested IPv6 IP for an IPv4 Service is refused",
            dual,
            List.of(),
            svc("s").ips("2001:db8::5"),
            "AllocationFailed:requested IP 2001:db8::5 does not match the Service's IP families [IPv4]"),
        gets(
            "a requested IP may come from an autoAssign false pool",
            List.of(pool("manual", "192.0.2.0/28").noAutoAssign()),
            svc("s").ips("192.0.2.4"),
            "192.0.2.4"),
        fails(
            "a requested IP outside the requested pool is refused",
            List.of(pool("a", "192.0.2.0/28"), pool("b", "198.51.100.0/28")),
            List.of(),
            svc("s").ips("192.0.2.4").fromPool("b"),
            "AllocationFailed:requested IP 192.0.2.4 is in IPAddressPool \"a\", not in the requested pool"
                + " \"b\""),
        fails(
            "three requested IPs are refused",
            dual,
            List.of(),
            svc("s").ips("192.0.2.1,192.0.2.2,192.0.2.3"),
            "LoadBalancerFailed:one IPv4 and one IPv6"),
        fails(
            "two requested IPs of one family are refused",
            dual,
            List.of(),
            svc("s").ips("192.0.2.1,192.0.2.2"),
            "LoadBalancerFailed:one IPv4 and one IPv6"),
        fails(
            "a requested IP in a pool pinned elsewhere is refused",
            List.of(pool("prod", "192.0.2.0/28").namespaces(1, "prod")),
            List.of(),
            svc("s").ips("192.0.2.4"),
            "AllocationFailed:IPAddressPool \"prod\" does not admit this Service"),
        gets(
            "requested IPv4 and IPv6 for a dual-stack Service",
            dual,
            svc("s")
                .clusterIps("10.96.0.1", "fd00::1")
                .policy("RequireDualStack")
                .ips("192.0.2.5, 2001:db8::5"),
            "192.0.2.5",
            "2001:db8::5"),
        // --- sharing
        getsAfter(
            "same sharing key, other ports: the IP is shared",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/443").ips("192.0.2.0"),
            "192.0.2.0"),
        getsAfter(
            "same key auto-packs onto the first compatible used IP",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/443"),
            "192.0.2.0"),
        getsAfter(
            "same key but the same port takes a fresh IP",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/80"),
            "192.0.2.1"),
        fails(
            "same key and port on a requested IP is refused",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/80").ips("192.0.2.0"),
            "AllocationFailed:requested IP 192.0.2.0 is in use by default/a and cannot be shared: both"
                + " use port(s) TCP/80"),
        fails(
            "different sharing keys do not share",
            v4,
            List.of(svc("a").shareKey("k1")),
            svc("b").shareKey("k2").ports("TCP/443").ips("192.0.2.0"),
            "AllocationFailed:its sharing key is \"k1\", this Service's is \"k2\""),
        getsAfter(
            "TCP/53 and UDP/53 do not collide",
            v4,
            List.of(svc("dns-tcp").shareKey("dns").ports("TCP/53")),
            svc("dns-udp").shareKey("dns").ports("UDP/53"),
            "192.0.2.0"),
        fails(
            "a Service without a key cannot join a shared IP",
            v4,
            List.of(svc("a").shareKey("k")),
            svc("b").ports("TCP/443").ips("192.0.2.0"),
            "AllocationFailed:this Service does not allow sharing (no metallb.io/allow-shared-ip)"),
        getsAfter(
            "externalTrafficPolicy Local with the same selector shares",
            v4,
            List.of(svc("a").shareKey("k").local(Map.of("app", "x"))),
            svc("b").shareKey("k").ports("TCP/443").local(Map.of("app", "x")),
            "192.0.2.0"),
        fails(
            "Local with different selectors does not share",
            v4,
            List.of(svc("a").shareKey("k").local(Map.of("app", "x"))),
            svc("b").shareKey("k").ports("TCP/443").local(Map.of("app", "y")).ips("192.0.2.0"),
            "AllocationFailed:externalTrafficPolicy/selector differ"),
        fails(
            "Local and Cluster never share",
            v4,
            List.of(svc("a").shareKey("k").local(Map.of("app", "x"))),
            svc("b").shareKey("k").ports("TCP/443").ips("192.0.2.0"),
            "AllocationFailed:externalTrafficPolicy/selector differ"),
        getsAfter(
            "Cluster Services share whatever their selectors",
            v4,
            List.of(svc("a").shareKey("k")),
            svc("b").shareKey("k").ports("TCP/443"),
            "192.0.2.0"),
        // --- IP families
        gets(
            "an IPv6 Service gets an IPv6 address",
            dual,
            svc("s").clusterIps("fd00::1"),
            "2001:db8::"),
        fails(
            "an IPv6 Service and an IPv4-only pool",
            v4,
            List.of(),
            svc("s").clusterIps("fd00::1"),
            "AllocationFailed:no free IPv6 address"),
        gets(
            "RequireDualStack gets both families, IPv4 first",
            dual,
            svc("s").clusterIps("fd00::1", "10.96.0.1").policy("RequireDualStack"),
            "192.0.2.0",
            "2001:db8::"),
        fails(
            "RequireDualStack with an IPv4-only pool fails",
            v4,
            List.of(),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("RequireDualStack"),
            "AllocationFailed:pool \"blue\" has no free IPv6 address"),
        fails(
            "RequireDualStack with one ClusterIP is refused",
            dual,
            List.of(),
            svc("s").policy("RequireDualStack"),
            "not enough clusterips:needs an IPv4 and an IPv6 ClusterIP"),
        gets(
            "PreferDualStack gets both when a pool has both",
            dual,
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack"),
            "192.0.2.0",
            "2001:db8::"),
        gets(
            "PreferDualStack falls back to the primary family",
            v4,
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack"),
            "192.0.2.0"),
        gets(
            "PreferDualStack primary family comes from ipFamilies[0]",
            List.of(pool("a4", "192.0.2.0/28"), pool("b6", "2001:db8::/124")),
            svc("s")
                .clusterIps("fd00::1", "10.96.0.1")
                .policy("PreferDualStack")
                .families("IPv6", "IPv4"),
            "2001:db8::"),
        gets(
            "PreferDualStack falls back to the other family last",
            List.of(pool("only6", "2001:db8::/124")),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack"),
            "2001:db8::"),
        gets(
            "PreferDualStack with one ClusterIP is single-stack",
            dual,
            svc("s").policy("PreferDualStack"),
            "192.0.2.0"),
        fails(
            "no ClusterIP means no family",
            v4,
            List.of(),
            svc("s").clusterIps(),
            "noclusterIPsIPFamily:no ClusterIP"),
        // --- more pool choice
        gets(
            "a priority-only serviceAllocation pins the pool for every Service",
            List.of(pool("aaa", "192.0.2.0/30"), pool("zzz", "198.51.100.0/30").priority(5)),
            svc("s"),
            "198.51.100.0"),
        getsAfter(
            "a full pinned pool falls back to the unpinned pools",
            List.of(pool("zzz", "198.51.100.7/32").priority(1), pool("aaa", "192.0.2.0/30")),
            List.of(svc("first")),
            svc("s"),
            "192.0.2.0"),
        gets(
            "a pool pinned by namespace serves that namespace",
            List.of(
                pool("aaa", "192.0.2.0/30"), pool("team", "198.51.100.0/30").namespaces(0, "prod")),
            svc("s").in("prod"),
            "198.51.100.0"),
        fails(
            "a requested pool without the Service's family says which family is missing",
            v4,
            List.of(),
            svc("s").clusterIps("fd00::1").fromPool("blue"),
            "AllocationFailed:pool \"blue\" has no free IPv6 address"),
        fails(
            "every exhausted pool is named",
            List.of(pool("a", "192.0.2.1/32"), pool("b", "198.51.100.1/32")),
            List.of(svc("x"), svc("y")),
            svc("s"),
            "AllocationFailed:pools \"a\", \"b\" have no free IPv4 address"),
        gets(
            "an empty address-pool annotation means no pool is requested",
            v4,
            svc("s").fromPool(""),
            "192.0.2.0"),
        gets(
            "an empty loadBalancerIPs annotation means no IP is requested",
            v4,
            svc("s").ips(" "),
            "192.0.2.0"),
        getsWith(
            "the old prefix earns a deprecatedAnnotation Warning when the Service is written",
            v4,
            List.of(),
            svc("s").annotation("metallb.universe.tf/allow-shared-ip", "k"),
            "deprecatedAnnotation:metallb.universe.tf/allow-shared-ip is deprecated; use"
                + " metallb.io/allow-shared-ip",
            "192.0.2.0"),
        // --- more avoidBuggyIPs
        gets(
            "avoidBuggyIPs skips .255 and the next .0 when a range crosses a /24",
            List.of(pool("p", "192.0.2.255-192.0.3.1").avoidBuggyIPs()),
            svc("a"),
            "192.0.3.1"),
        gets(
            "without avoidBuggyIPs a .255 is an ordinary address",
            List.of(pool("p", "192.0.2.255-192.0.3.1")),
            svc("a"),
            "192.0.2.255"),
        // --- more requested IPs
        gets(
            "a requested IP inside the requested pool is granted",
            List.of(pool("a", "192.0.2.0/28"), pool("b", "198.51.100.0/28")),
            svc("s").ips("198.51.100.9").fromPool("b"),
            "198.51.100.9"),
        fails(
            "requested IPs from two different pools are refused",
            List.of(pool("a4", "192.0.2.0/28"), pool("b6", "2001:db8::/124")),
            List.of(),
            svc("s")
                .clusterIps("10.96.0.1", "fd00::1")
                .policy("RequireDualStack")
                .ips("192.0.2.1,2001:db8::1"),
            "AllocationFailed:requested IPs 192.0.2.1, 2001:db8::1 are not in one IPAddressPool"),
        fails(
            "PreferDualStack with two ClusterIPs must request both families",
            dual,
            List.of(),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack").ips("192.0.2.1"),
            "AllocationFailed:requested IP 192.0.2.1 does not match the Service's IP families"
                + " [IPv4, IPv6]"),
        fails(
            "an unparsable spec.loadBalancerIP is named",
            v4,
            List.of(),
            svc("s").loadBalancerIP("192.0.2.300"),
            "LoadBalancerFailed:invalid spec.loadBalancerIP \"192.0.2.300\""),
        gets(
            "loadBalancerIPs is read under the old prefix too",
            v4,
            svc("s").annotation("metallb.universe.tf/loadBalancerIPs", "192.0.2.11"),
            "192.0.2.11"),
        fails(
            "a ClusterIP that is not an IP means no family",
            v4,
            List.of(),
            svc("s").clusterIps("None"),
            "noclusterIPsIPFamily:ClusterIP \"None\" is not an IP address"),
        // --- more sharing
        getsAfter(
            "a sharer skips an IP with another key for the next compatible one",
            v4,
            List.of(svc("a").shareKey("k1"), svc("b").shareKey("k2")),
            svc("c").shareKey("k2").ports("TCP/443"),
            "192.0.2.1"),
        getsAfter(
            "a Service without a key never packs onto a shared IP",
            v4,
            List.of(svc("a").shareKey("k")),
            svc("b").ports("TCP/443"),
            "192.0.2.1"),
        getsAfter(
            "Local with an empty selector shares with Cluster (both backend keys are empty)",
            v4,
            List.of(svc("a").shareKey("k")),
            svc("b").shareKey("k").ports("TCP/443").local(Map.of()),
            "192.0.2.0"),
        getsAfter(
            "SCTP/80 and TCP/80 do not collide",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("SCTP/80"),
            "192.0.2.0"),
        getsAfter(
            "a Service that changes to Local moves off the IP it shared with a Cluster one",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/443").local(Map.of("app", "x")).ingress("192.0.2.0"),
            "192.0.2.1"),
        // --- more families
        gets(
            "RequireDualStack skips an earlier pool that has only one family",
            List.of(
                pool("a4", "198.51.100.0/28").priority(1),
                pool("dual", "192.0.2.0/28", "2001:db8::/124").priority(2)),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("RequireDualStack"),
            "192.0.2.0",
            "2001:db8::"),
        gets(
            "PreferDualStack prefers a later pool with both families to an earlier one-family pool",
            List.of(
                pool("a4", "198.51.100.0/28").priority(1),
                pool("dual", "192.0.2.0/28", "2001:db8::/124").priority(2)),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack"),
            "192.0.2.0",
            "2001:db8::"),
        getsWith(
            "PreferDualStack falling back to one family says so",
            v4,
            List.of(),
            svc("s").clusterIps("10.96.0.1", "fd00::1").policy("PreferDualStack"),
            "AdditionalAssignFailed:pool \"blue\" has no free IPv6 address",
            "192.0.2.0"),
        getsWith(
            "PreferDualStack tops up the missing family from the pool it already uses",
            dual,
            List.of(),
            svc("s")
                .clusterIps("10.96.0.1", "fd00::1")
                .policy("PreferDualStack")
                .ingress("192.0.2.5"),
            "IPAllocated:Assigned additional IP 2001:db8:: from pool \"dual\"",
            "192.0.2.5",
            "2001:db8::"),
        getsWith(
            "PreferDualStack keeps one family silently when its pool still lacks the other",
            v4,
            List.of(),
            svc("s")
                .clusterIps("10.96.0.1", "fd00::1")
                .policy("PreferDualStack")
                .ingress("192.0.2.5")
                .annotation("metallb.io/ip-allocated-from-pool", "blue"),
            "-",
            "192.0.2.5"),
        getsWith(
            "dual-stack status IPs keep their order",
            dual,
            List.of(),
            svc("s")
                .clusterIps("10.96.0.1", "fd00::1")
                .policy("RequireDualStack")
                .ingress("2001:db8::4", "192.0.2.4")
                .annotation("metallb.io/ip-allocated-from-pool", "dual"),
            "-",
            "2001:db8::4",
            "192.0.2.4"),
        // --- more of what a Service already has
        getsWith(
            "three IPs in the status are cleared and replaced",
            dual,
            List.of(),
            svc("s").ingress("192.0.2.1", "192.0.2.2", "192.0.2.3"),
            "ClearAssignment:is not one IP per family",
            "192.0.2.0"),
        getsWith(
            "unreadable requested IPs do not cost a Service its IPs",
            v4,
            List.of(),
            svc("s").ingress("192.0.2.9").ips("garbage"),
            "LoadBalancerFailed:\"garbage\" is not an IP address; keeping the current IPs",
            "192.0.2.9"),
        getsWith(
            "an IPv6 status IP is kept and printed as Go prints it",
            dual,
            List.of(),
            svc("s").clusterIps("fd00::1").ingress("2001:DB8:0:0:0:0:0:3"),
            "-",
            "2001:db8::3"),
        getsWith(
            "a status IP in a pool that no longer admits the Service is replaced",
            List.of(
                pool("prod", "198.51.100.0/28").namespaces(1, "prod"),
                pool("open", "192.0.2.0/28")),
            List.of(),
            svc("s").ingress("198.51.100.3"),
            "ClearAssignment:IPAddressPool \"prod\" does not admit this Service",
            "192.0.2.0"),
        getsWith(
            "a status IP held by a Service that cannot share it is replaced",
            v4,
            List.of(svc("holder")),
            svc("s").ingress("192.0.2.0"),
            "ClearAssignment:IP 192.0.2.0 is in use by default/holder and cannot be shared",
            "192.0.2.1"),
        // --- what a Service already has
        getsWith(
            "a Service keeps the IP in its status even when it is not the first free one",
            v4,
            List.of(),
            svc("s").ingress("192.0.2.9").annotation("metallb.io/ip-allocated-from-pool", "blue"),
            "-",
            "192.0.2.9"),
        gets(
            "an IP that left every pool is replaced",
            v4,
            svc("s").ingress("203.0.113.9"),
            "192.0.2.0"),
        gets(
            "an IP that avoidBuggyIPs now forbids is replaced",
            List.of(pool("p", "192.0.2.0/28").avoidBuggyIPs()),
            svc("s").ingress("192.0.2.0"),
            "192.0.2.1"),
        gets(
            "a changed requested IP moves the Service",
            v4,
            svc("s").ingress("192.0.2.0").ips("192.0.2.5"),
            "192.0.2.5"),
        gets(
            "a changed requested pool moves the Service",
            List.of(pool("a", "192.0.2.0/28"), pool("b", "198.51.100.0/28")),
            svc("s").ingress("192.0.2.0").fromPool("b"),
            "198.51.100.0"),
        gets(
            "garbage in the status is cleared and replaced",
            v4,
            svc("s").ingress("not-an-ip"),
            "192.0.2.0"),
        gets(
            "an ingress IP of the wrong family is replaced",
            dual,
            svc("s").ingress("2001:db8::3"),
            "192.0.2.0"),
        fails(
            "a Service that is not a LoadBalancer gets nothing",
            v4,
            List.of(),
            svc("s").type("ClusterIP"),
            null),
        getsAfter(
            "a Service whose ports now collide on its shared IP moves",
            v4,
            List.of(svc("a").shareKey("k").ports("TCP/80")),
            svc("b").shareKey("k").ports("TCP/80").ingress("192.0.2.0"),
            "192.0.2.1"),
        getsAfter(
            "a Service alone on its IP may change its sharing key",
            v4,
            List.of(),
            svc("b").shareKey("new").ingress("192.0.2.4"),
            "192.0.2.4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void allocation(Row row) {
    Allocator allocator = new Allocator();
    Map<String, AddressPool> pools = new TreeMap<>();
    row.pools().forEach(p -> pools.put(p.build().name(), p.build()));
    allocator.setPools(pools);
    BalancerConverger converger = new BalancerConverger(allocator);
    for (Fixtures.SvcBuilder b : row.before()) {
      assertThat(converger.converge(b.build()).ingressIPs())
          .as("setup: %s", b.build().key())
          .isNotEmpty();
    }

    Convergence c = converger.converge(row.svc().build());

    assertThat(c.ingressIPs()).as(row.description()).isEqualTo(row.expectedIps());
    if ("-".equals(row.expectedEvent())) {
      assertThat(c.events()).as("events of: %s", row.description()).isEmpty();
    } else if (row.expectedEvent() != null && row.expectedEvent().contains(":")) {
      String reason = row.expectedEvent().substring(0, row.expectedEvent().indexOf(':'));
      String text = row.expectedEvent().substring(row.expectedEvent().indexOf(':') + 1);
      assertThat(c.events())
          .as("events of: %s", row.description())
          .anySatisfy(
              e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.message()).contains(text);
              });
    } else if ("IPAllocated".equals(row.expectedEvent())) {
      assertThat(c.events()).extracting(ServiceEvent::reason).contains("IPAllocated");
    }
    if (!row.expectedIps().isEmpty()) {
      assertThat(c.pool()).isPresent();
    }
  }
}
