package io.ironlb.speaker.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ironlb.core.forwarder.TargetPolicy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Target choice and the health state machine, without sockets. */
class TargetSetTest {

  private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 30080);
  private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 30080);
  private static final InetSocketAddress C = new InetSocketAddress("192.0.2.3", 30080);
  private static final HealthCheckSettings CHECKS =
      new HealthCheckSettings(
          java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 2, 3);

  /** Picks six times; {@code down} targets failed enough checks; {@code busy} have connections. */
  static Stream<Arguments> picks() {
    return Stream.of(
        Arguments.of(
            "local takes the first",
            TargetPolicy.LOCAL,
            Set.of(),
            Set.of(),
            List.of(A, A, A, A, A, A)),
        Arguments.of(
            "local falls back to the next healthy",
            TargetPolicy.LOCAL,
            Set.of(A),
            Set.of(),
            List.of(B, B, B, B, B, B)),
        Arguments.of(
            "round robin takes each in turn",
            TargetPolicy.ROUND_ROBIN,
            Set.of(),
            Set.of(),
            List.of(A, B, C, A, B, C)),
        Arguments.of(
            "round robin skips the unhealthy",
            TargetPolicy.ROUND_ROBIN,
            Set.of(B),
            Set.of(),
            List.of(A, C, A, C, A, C)),
        Arguments.of(
            "least connections avoids the busy",
            TargetPolicy.LEAST_CONNECTIONS,
            Set.of(),
            Set.of(A, B),
            List.of(C, C, C, C, C, C)),
        Arguments.of(
            "least connections never picks the unhealthy idle one",
            TargetPolicy.LEAST_CONNECTIONS,
            Set.of(C),
            Set.of(A),
            List.of(B, B, B, B, B, B)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("picks")
  void picksByPolicy(
      String description,
      TargetPolicy policy,
      Set<InetSocketAddress> down,
      Set<InetSocketAddress> busy,
      List<InetSocketAddress> expected) {
    TargetSet set = new TargetSet(List.of(A, B, C), policy);
    for (Target t : set.all()) {
      if (down.contains(t.address)) {
        t.record(false, CHECKS);
        t.record(false, CHECKS);
      }
      if (busy.contains(t.address)) {
        t.active.set(5);
      }
    }
    List<InetSocketAddress> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(set.pick(Set.of()).orElseThrow().address);
    }
    assertThat(picked).isEqualTo(expected);
  }

  @Test
  void noHealthyTargetLeftMeansNoPick() {
    TargetSet set = new TargetSet(List.of(A, B), TargetPolicy.ROUND_ROBIN);
    Target a = set.all().get(0);
    Target b = set.all().get(1);
    b.record(false, CHECKS);
    b.record(false, CHECKS);

    assertThat(set.pick(Set.of(a))).isEmpty(); // a was tried, b is down
    assertThat(new TargetSet(List.of(), TargetPolicy.LOCAL).pick(Set.of())).isEmpty();
  }

  @Test
  void aTargetGoesDownAfterFallFailuresAndUpAfterRiseSuccesses() {
    Target t = new Target(A);

    assertThat(t.record(false, CHECKS)).isEmpty();
    assertThat(t.record(true, CHECKS)).isEmpty(); // a success resets the failure count
    assertThat(t.record(false, CHECKS)).isEmpty();
    assertThat(t.record(false, CHECKS)).contains(false);
    assertThat(t.healthy()).isFalse();
    assertThat(t.record(true, CHECKS)).isEmpty();
    assertThat(t.record(true, CHECKS)).isEmpty();
    assertThat(t.record(true, CHECKS)).isEqualTo(Optional.of(true));
    assertThat(t.healthy()).isTrue();
  }

  @Test
  void anUpdateKeepsTheStateOfTargetsThatStay() {
    TargetSet set = new TargetSet(List.of(A, B), TargetPolicy.LOCAL);
    Target b = set.all().get(1);
    b.active.set(3);

    set.update(List.of(B, C), TargetPolicy.ROUND_ROBIN);

    assertThat(set.all()).extracting(t -> t.address).containsExactly(B, C);
    assertThat(set.all().get(0)).isSameAs(b);
  }
}
