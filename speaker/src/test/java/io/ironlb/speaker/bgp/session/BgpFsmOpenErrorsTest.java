package io.ironlb.speaker.bgp.session;

import static io.ironlb.speaker.bgp.session.Fixtures.LOCAL_ID;
import static io.ironlb.speaker.bgp.session.Fixtures.PEER_AS;
import static io.ironlb.speaker.bgp.session.Fixtures.PEER_ID;
import static io.ironlb.speaker.bgp.session.Fixtures.ipv4;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.HOLD;
import static io.ironlb.speaker.bgp.session.FsmTimer.Kind.IDLE_HOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.config.BgpPeerConfig.DynamicAsn;
import io.ironlb.speaker.bgp.session.FsmAction.Close;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmAction.StopTimer;
import io.ironlb.speaker.bgp.session.FsmEvent.BgpOpen;
import io.ironlb.speaker.bgp.session.FsmEvent.ManualStart;
import io.ironlb.speaker.bgp.session.FsmEvent.TcpConnectionConfirmed;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Keepalive;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Open;
import io.ironlb.speaker.bgp.wire.cap.FourOctetAsCapability;
import io.ironlb.speaker.bgp.wire.cap.GracefulRestartCapability;
import io.ironlb.speaker.bgp.wire.cap.MultiprotocolCapability;
import io.ironlb.speaker.bgp.wire.cap.RouteRefreshCapability;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every OPEN the session refuses, with the exact NOTIFICATION (RFC 4271 §6.2, RFC 5492 §5). */
class BgpFsmOpenErrorsTest {

  static final Connection OUT = Connection.outbound(1);
  static final MultiprotocolCapability V4 = MultiprotocolCapability.IPV4_UNICAST;
  static final MultiprotocolCapability V6 = MultiprotocolCapability.IPV6_UNICAST;

  static Stream<Arguments> refused() {
    FsmConfig ebgp = Fixtures.config();
    FsmConfig dual =
        Fixtures.config(LOCAL_ID, Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    FsmConfig bigLocal =
        Fixtures.withAs(4_200_000_000L, OptionalLong.of(PEER_AS), Optional.empty());
    FsmConfig bigPeer = Fixtures.withAs(64512, OptionalLong.of(4_200_000_000L), Optional.empty());
    FsmConfig internal =
        Fixtures.withAs(64512, OptionalLong.empty(), Optional.of(DynamicAsn.INTERNAL));
    FsmConfig external =
        Fixtures.withAs(64512, OptionalLong.empty(), Optional.of(DynamicAsn.EXTERNAL));
    return Stream.of(
        row(
            "version 3",
            ebgp,
            new Open(3, PEER_AS, 90, PEER_ID, List.of(V4)),
            BgpError.UNSUPPORTED_VERSION_NUMBER,
            "0004"),
        row("wrong peer AS", ebgp, Fixtures.peerOpen(64999, 90, PEER_ID), BgpError.BAD_PEER_AS, ""),
        row(
            "AS_TRANS without the 4-octet capability",
            ebgp,
            new Open(4, Open.AS_TRANS, 90, PEER_ID, List.of(V4)),
            BgpError.BAD_PEER_AS,
            ""),
        row(
            "4-octet peer AS differs",
            bigPeer,
            Fixtures.peerOpen(4_200_000_001L, 90, PEER_ID),
            BgpError.BAD_PEER_AS,
            ""),
        row(
            "4-octet capability saying AS_TRANS",
            bigPeer,
            new Open(
                4,
                Open.AS_TRANS,
                90,
                PEER_ID,
                List.of(V4, new FourOctetAsCapability(Open.AS_TRANS))),
            BgpError.BAD_PEER_AS,
            ""),
        row(
            "dynamic internal, external AS",
            internal,
            Fixtures.peerOpen(64513, 90, PEER_ID),
            BgpError.BAD_PEER_AS,
            ""),
        row(
            "dynamic external, our own AS",
            external,
            Fixtures.peerOpen(64512, 90, PEER_ID),
            BgpError.BAD_PEER_AS,
            ""),
        row(
            "BGP identifier 0.0.0.0",
            ebgp,
            Fixtures.peerOpen(PEER_AS, 90, ipv4("0.0.0.0")),
            BgpError.BAD_BGP_IDENTIFIER,
            ""),
        row(
            "BGP identifier equal to ours",
            ebgp,
            Fixtures.peerOpen(PEER_AS, 90, LOCAL_ID),
            BgpError.BAD_BGP_IDENTIFIER,
            ""),
        row("hold time 1 s", ebgp, Fixtures.peerOpen(1), BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        row("hold time 2 s", ebgp, Fixtures.peerOpen(2), BgpError.UNACCEPTABLE_HOLD_TIME, ""),
        row(
            "no multiprotocol IPv4",
            ebgp,
            Open.of(PEER_AS, 90, PEER_ID, List.of(V6)),
            BgpError.UNSUPPORTED_CAPABILITY,
            "010400010001"),
        row(
            "dual stack, no multiprotocol IPv6",
            dual,
            Fixtures.peerOpen(90),
            BgpError.UNSUPPORTED_CAPABILITY,
            "010400020001"),
        row(
            "dual stack, no capability at all",
            dual,
            new Open(4, PEER_AS, 90, PEER_ID, List.of()),
            BgpError.UNSUPPORTED_CAPABILITY,
            "010400010001010400020001"),
        row(
            "our 4-octet AS, peer without the capability",
            bigLocal,
            new Open(4, PEER_AS, 90, PEER_ID, List.of(V4)),
            BgpError.UNSUPPORTED_CAPABILITY,
            "4104fa56ea00"));
  }

  private static Arguments row(
      String why, FsmConfig config, Open open, BgpError error, String data) {
    return Arguments.of(why, config, open, new Notification(error, HexFormat.of().parseHex(data)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedOpenGetsItsNotificationAndTheSessionGoesIdle(
      String why, FsmConfig config, Open open, Notification expected) {
    FsmClock clock = new FsmClock(new BgpFsm(config));
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    assertThat(clock.handle(new BgpOpen(OUT, open)))
        .containsExactly(
            new Send(OUT, expected),
            new Close(OUT),
            new StopTimer(FsmTimer.of(HOLD, OUT)),
            new StartTimer(FsmTimer.of(IDLE_HOLD), Duration.ofSeconds(1)),
            new FsmAction.StateChange(
                BgpState.OPEN_SENT, BgpState.IDLE, ((FsmAction.StateChange) last(clock)).reason()));
    assertThat(((FsmAction.StateChange) last(clock)).reason())
        .startsWith("OPEN rejected: " + expected.error());
  }

  static Stream<Arguments> accepted() {
    FsmConfig bigPeer = Fixtures.withAs(64512, OptionalLong.of(4_200_000_000L), Optional.empty());
    FsmConfig internal =
        Fixtures.withAs(64512, OptionalLong.empty(), Optional.of(DynamicAsn.INTERNAL));
    FsmConfig external =
        Fixtures.withAs(64512, OptionalLong.empty(), Optional.of(DynamicAsn.EXTERNAL));
    return Stream.of(
        Arguments.of(
            "4-octet peer AS behind AS_TRANS",
            bigPeer,
            Fixtures.peerOpen(4_200_000_000L, 90, PEER_ID),
            false),
        Arguments.of("dynamic internal", internal, Fixtures.peerOpen(64512, 90, PEER_ID), true),
        Arguments.of("dynamic external", external, Fixtures.peerOpen(65000, 90, PEER_ID), false),
        Arguments.of(
            "2-octet peer without capabilities beyond MP",
            Fixtures.config(),
            new Open(4, PEER_AS, 90, PEER_ID, List.of(V4)),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptedOpenIsAnsweredWithKeepalive(String why, FsmConfig config, Open open, boolean ibgp) {
    FsmClock clock = new FsmClock(new BgpFsm(config));
    clock.handle(new ManualStart());
    clock.handle(new TcpConnectionConfirmed(OUT));
    assertThat(clock.handle(new BgpOpen(OUT, open)).get(0))
        .isEqualTo(new Send(OUT, Keepalive.INSTANCE));
    clock.handle(new FsmEvent.KeepaliveMsg(OUT));
    Negotiated terms = clock.fsm().negotiated().orElseThrow();
    assertThat(terms.internal()).isEqualTo(ibgp);
    assertThat(terms.peerAs()).isEqualTo(open.autonomousSystem());
    assertThat(terms.fourOctetAs()).isEqualTo(open.fourOctetAs().isPresent());
  }

  @Test
  void ourOpenAdvertisesMultiprotocolRouteRefreshGracefulRestartAnd4OctetAs() {
    FsmConfig c =
        Fixtures.config(LOCAL_ID, Set.of(AddressFamily.IPV6_UNICAST, AddressFamily.IPV4_UNICAST));
    FsmConfig gr =
        new FsmConfig(
            4_200_000_000L,
            c.peerAs(),
            c.dynamicAsn(),
            c.routerId(),
            c.holdTime(),
            c.keepaliveTime(),
            c.connectRetryTime(),
            c.maxBackoff(),
            c.families(),
            false,
            Optional.of(Duration.ofSeconds(120)));
    Open open = new BgpFsm(gr).ourOpen();
    assertThat(open.myAs()).isEqualTo(Open.AS_TRANS);
    assertThat(open.holdTime()).isEqualTo(90);
    assertThat(open.bgpId()).isEqualTo(LOCAL_ID);
    assertThat(open.capabilities())
        .containsExactly(
            V4,
            V6,
            RouteRefreshCapability.INSTANCE,
            new GracefulRestartCapability(
                false,
                120,
                List.of(
                    new GracefulRestartCapability.Family(1, 1, true),
                    new GracefulRestartCapability.Family(2, 1, true))),
            new FourOctetAsCapability(4_200_000_000L));
  }

  private static FsmAction last(FsmClock clock) {
    return clock.log().get(clock.log().size() - 1).action();
  }
}
