package io.ironlb.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go durations and BGP community literals, read and written as MetalLB's Go code does. */
class ValueSyntaxTest {

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("seconds", "90s", Duration.ofSeconds(90)),
        Arguments.of("minutes and seconds", "1m30s", Duration.ofSeconds(90)),
        Arguments.of("fractional hours", "1.5h", Duration.ofMinutes(90)),
        Arguments.of("a fraction without leading digit", ".5s", Duration.ofMillis(500)),
        Arguments.of("milliseconds", "500ms", Duration.ofMillis(500)),
        Arguments.of("micro sign", "3\u00b5s", Duration.ofNanos(3000)),
        Arguments.of("us for micro", "3us", Duration.ofNanos(3000)),
        Arguments.of("a bare zero", "0", Duration.ZERO),
        Arguments.of("a sign", "-2s", Duration.ofSeconds(-2)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("durations")
  void parsesGoDurations(String description, String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> badDurations() {
    return Stream.of(
        Arguments.of("empty", "", "empty"),
        Arguments.of("a number without unit", "90", "missing unit"),
        Arguments.of("an unknown unit", "9d", "unknown unit"),
        Arguments.of("a unit without number", "s", "expected a number"),
        Arguments.of("a lone dot", ".s", "expected a number"),
        Arguments.of("beyond 292 years", "9999999999h", "out of range"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource("badDurations")
  void refusesMalformedDurations(String description, String text, String why) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse(text))
        .withMessageContaining("(" + why + ")");
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofMillis(500), "500ms"),
        Arguments.of(Duration.ofMillis(1500), "1.5s"),
        Arguments.of(Duration.ofSeconds(90), "1m30s"),
        Arguments.of(Duration.ofHours(1), "1h0m0s"));
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @MethodSource("formats")
  void printsDurationsAsGo(Duration d, String text) {
    assertThat(GoDuration.format(d)).isEqualTo(text);
  }

  static Stream<Arguments> communities() {
    return Stream.of(
        Arguments.of("standard", "65000:100", new BgpCommunity.Standard(65000, 100)),
        Arguments.of("standard extremes", "0:65535", new BgpCommunity.Standard(0, 65535)),
        Arguments.of("leading zeros", "0065000:01", new BgpCommunity.Standard(65000, 1)),
        Arguments.of(
            "large extremes", "large:4294967295:0:1", new BgpCommunity.Large(4294967295L, 0, 1)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("communities")
  void parsesCommunities(String description, String text, BgpCommunity expected) {
    assertThat(BgpCommunity.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> badCommunities() {
    return Stream.of(
        Arguments.of("a part above 16 bits", "1:65536"),
        Arguments.of("a large part above 32 bits", "large:4294967296:0:0"),
        Arguments.of("a sign", "+1:2"),
        Arguments.of("three parts", "1:2:3"),
        Arguments.of("an empty part", "65000:"),
        Arguments.of("a wrong marker", "huge:1:2:3"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badCommunities")
  void refusesMalformedCommunities(String description, String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BgpCommunity.parse(text))
        .withMessageStartingWith("invalid community value \"" + text + "\"");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("communities")
  void printsCommunitiesAsWritten(String description, String text, BgpCommunity value) {
    assertThat(BgpCommunity.parse(value.text())).isEqualTo(value);
  }
}
