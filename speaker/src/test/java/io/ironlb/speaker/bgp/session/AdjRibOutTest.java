package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.Prefix;
import io.ironlb.speaker.bgp.wire.Update;
import io.ironlb.speaker.bgp.wire.attr.AsPath;
import io.ironlb.speaker.bgp.wire.attr.Communities;
import io.ironlb.speaker.bgp.wire.attr.LocalPref;
import io.ironlb.speaker.bgp.wire.attr.MpReachNlri;
import io.ironlb.speaker.bgp.wire.attr.MpUnreachNlri;
import io.ironlb.speaker.bgp.wire.attr.NextHop;
import io.ironlb.speaker.bgp.wire.attr.Origin;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** UPDATEs built from the route source: iBGP/eBGP attributes, packing, and diffs. */
class AdjRibOutTest {

  static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
  static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
  static final Prefix P1 = Prefix.parse("198.51.100.1/32");
  static final Prefix P2 = Prefix.parse("198.51.100.2/32");

  private final AdjRibOut rib = new AdjRibOut();

  @Test
  void ebgpSendsOurAsAndNoLocalPref() {
    List<Update> updates =
        rib.sync(
            V4,
            List.of(group(new RouteAttributes(300, List.of(7L), List.of()), P1)),
            true,
            factory(false));
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).attributes())
        .containsExactly(
            Origin.IGP,
            AsPath.sequence(64512L),
            new NextHop(ipv4("192.0.2.1")),
            new Communities(List.of(7L)));
    assertThat(updates.get(0).nlri()).containsExactly(P1);
  }

  @Test
  void ibgpSendsAnEmptyAsPathAndLocalPrefDefaulting100() {
    Update update =
        rib.sync(V4, List.of(group(RouteAttributes.NONE, P1)), true, factory(true)).get(0);
    assertThat(update.attribute(AsPath.class)).contains(AsPath.EMPTY);
    assertThat(update.attribute(LocalPref.class)).contains(new LocalPref(100));
  }

  @Test
  void ipv6GoesInMpReachWithTheIpv6NextHop() throws Exception {
    Prefix v6 = Prefix.parse("2001:db8::/64");
    Update update =
        rib.sync(V6, List.of(group(RouteAttributes.NONE, v6)), true, factory(false)).get(0);
    MpReachNlri reach = update.attribute(MpReachNlri.class).orElseThrow();
    assertThat(reach.nextHop()).isEqualTo(InetAddress.getByName("2001:db8::1"));
    assertThat(reach.prefixes()).containsExactly(v6);
    assertThat(update.attribute(NextHop.class)).isEmpty();
  }

  @Test
  void oneAttributeSetGoesInAsFewUpdatesAsFit() {
    List<Prefix> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"));
    }
    List<Update> updates =
        rib.sync(V4, List.of(new RouteGroup(RouteAttributes.NONE, many)), true, factory(false));
    assertThat(updates).hasSize(2); // 2,000 /24s are 8,000 bytes of NLRI: two UPDATEs of 4096
    assertThat(updates.stream().mapToInt(u -> u.nlri().size()).sum()).isEqualTo(2000);
  }

  @Test
  void changesSendOnlyTheDifference() {
    UpdateFactory f = factory(false);
    rib.sync(V4, List.of(group(RouteAttributes.NONE, P1, P2)), true, f);
    RouteAttributes tagged = new RouteAttributes(0, List.of(9L), List.of());
    List<Update> diff = rib.sync(V4, List.of(group(tagged, P2)), false, f);
    assertThat(diff).hasSize(2);
    assertThat(diff.get(0).withdrawn()).containsExactly(P1);
    assertThat(diff.get(1).nlri()).containsExactly(P2);
    assertThat(diff.get(1).attribute(Communities.class)).contains(new Communities(List.of(9L)));
    assertThat(rib.sync(V4, List.of(group(tagged, P2)), false, f)).isEmpty();
    assertThat(rib.sync(V4, List.of(group(tagged, P2)), true, f)).hasSize(1); // route refresh
  }

  @Test
  void ipv6WithdrawalsGoInMpUnreach() {
    Prefix v6 = Prefix.parse("2001:db8::/64");
    UpdateFactory f = factory(false);
    rib.sync(V6, List.of(group(RouteAttributes.NONE, v6)), true, f);
    Update withdraw = rib.sync(V6, List.of(), false, f).get(0);
    assertThat(withdraw.attribute(MpUnreachNlri.class).orElseThrow().prefixes())
        .containsExactly(v6);
    assertThat(rib.size(V6)).isZero();
  }

  private static RouteGroup group(RouteAttributes a, Prefix... prefixes) {
    return new RouteGroup(a, List.of(prefixes));
  }

  private static UpdateFactory factory(boolean internal) {
    Negotiated terms =
        new Negotiated(
            internal ? 64512 : 64513,
            ipv4("10.0.0.2"),
            Duration.ofSeconds(90),
            Duration.ofSeconds(30),
            true,
            Set.of(V4, V6),
            internal,
            false);
    try {
      return new UpdateFactory(
          64512,
          terms,
          Optional.of(ipv4("192.0.2.1")),
          Optional.of((Inet6Address) InetAddress.getByName("2001:db8::1")));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
