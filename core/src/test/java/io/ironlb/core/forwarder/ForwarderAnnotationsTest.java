package io.ironlb.core.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IronLB's forwarder annotations: values, defaults, precedence and invalid input. */
class ForwarderAnnotationsTest {

  private static final String MODE = ForwarderAnnotations.IP_MODE;

  static Stream<Arguments> ipModes() {
    return Stream.of(
        Arguments.of("nothing set", Map.of(), Map.of(), IpMode.VIP, 0),
        Arguments.of("Service asks for Proxy", Map.of(MODE, "Proxy"), Map.of(), IpMode.PROXY, 0),
        Arguments.of("case does not matter", Map.of(MODE, "proxy"), Map.of(), IpMode.PROXY, 0),
        Arguments.of("Service says VIP", Map.of(MODE, "VIP"), Map.of(), IpMode.VIP, 0),
        Arguments.of("pool default", Map.of(), Map.of(MODE, "Proxy"), IpMode.PROXY, 0),
        Arguments.of(
            "Service wins over pool", Map.of(MODE, "VIP"), Map.of(MODE, "Proxy"), IpMode.VIP, 0),
        Arguments.of(
            "blank Service value is unset",
            Map.of(MODE, " "),
            Map.of(MODE, "Proxy"),
            IpMode.PROXY,
            0),
        Arguments.of(
            "invalid Service value gives VIP, not the pool's",
            Map.of(MODE, "proxi"),
            Map.of(MODE, "Proxy"),
            IpMode.VIP,
            1),
        Arguments.of("invalid pool value gives VIP", Map.of(), Map.of(MODE, "DSR"), IpMode.VIP, 1),
        Arguments.of(
            "invalid pool value unseen when the Service decides",
            Map.of(MODE, "Proxy"),
            Map.of(MODE, "DSR"),
            IpMode.PROXY,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ipModes")
  void choosesTheIpMode(
      String description,
      Map<String, String> service,
      Map<String, String> pool,
      IpMode expected,
      int problems) {
    IpModeChoice choice = ForwarderAnnotations.ipMode(service, "blue", pool);

    assertThat(choice.mode()).isEqualTo(expected);
    assertThat(choice.problems()).hasSize(problems);
  }

  @Test
  void invalidPoolValueNamesThePoolAndTheAllowedValues() {
    AnnotationProblem p =
        ForwarderAnnotations.ipMode(Map.of(), "blue", Map.of(MODE, "DSR")).problems().get(0);

    assertThat(p.owner()).isEqualTo("IPAddressPool \"blue\"");
    assertThat(p.message())
        .isEqualTo(
            "IPAddressPool \"blue\" annotation ironlb.io/ip-mode: invalid value \"DSR\"; expected"
                + " one of [VIP, Proxy]; using VIP");
  }

  static Stream<Arguments> settings() {
    String pp = ForwarderAnnotations.PROXY_PROTOCOL;
    String t = ForwarderAnnotations.TARGETS;
    return Stream.of(
        Arguments.of("defaults", Map.of(), ProxyProtocol.NONE, TargetPolicy.LOCAL, 0),
        Arguments.of("v1", Map.of(pp, "v1"), ProxyProtocol.V1, TargetPolicy.LOCAL, 0),
        Arguments.of("V2 upper case", Map.of(pp, "V2"), ProxyProtocol.V2, TargetPolicy.LOCAL, 0),
        Arguments.of(
            "explicit none", Map.of(pp, "none"), ProxyProtocol.NONE, TargetPolicy.LOCAL, 0),
        Arguments.of(
            "round robin",
            Map.of(t, "round-robin"),
            ProxyProtocol.NONE,
            TargetPolicy.ROUND_ROBIN,
            0),
        Arguments.of(
            "least connections with v2",
            Map.of(t, "least-connections", pp, "v2"),
            ProxyProtocol.V2,
            TargetPolicy.LEAST_CONNECTIONS,
            0),
        Arguments.of(
            "unknown version", Map.of(pp, "v3"), ProxyProtocol.NONE, TargetPolicy.LOCAL, 1),
        Arguments.of(
            "both invalid",
            Map.of(pp, "yes", t, "random"),
            ProxyProtocol.NONE,
            TargetPolicy.LOCAL,
            2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void readsForwardingSettings(
      String description,
      Map<String, String> service,
      ProxyProtocol proxy,
      TargetPolicy targets,
      int problems) {
    ForwardingSettings s = ForwarderAnnotations.settings(service);

    assertThat(s.proxyProtocol()).isEqualTo(proxy);
    assertThat(s.targets()).isEqualTo(targets);
    assertThat(s.problems()).hasSize(problems);
  }

  @Test
  void serviceProblemsListEveryInvalidForwarderAnnotationInKeyOrder() {
    List<AnnotationProblem> problems =
        ForwarderAnnotations.serviceProblems(
            Map.of(
                MODE,
                "fast",
                ForwarderAnnotations.PROXY_PROTOCOL,
                "v9",
                ForwarderAnnotations.TARGETS,
                "local"));

    assertThat(problems)
        .extracting(AnnotationProblem::annotation)
        .containsExactly(MODE, ForwarderAnnotations.PROXY_PROTOCOL);
  }
}
