package io.ironlb.speaker.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ironlb.core.config.BfdProfileConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BfdTimersTest {

  @Test
  void defaultsAreMetalLbAndFrrDefaults() {
    assertThat(BfdTimers.DEFAULTS).isEqualTo(new BfdTimers(300, 300, 3, false, 254));
  }

  @Test
  void profileFieldsMapOneToOne() {
    BfdProfileConfig profile = new BfdProfileConfig("fast", 100, 50, 5, 50, false, true, 250);
    assertThat(BfdTimers.from(profile)).isEqualTo(new BfdTimers(100, 50, 5, true, 250));
  }

  @Test
  void echoModeIsIgnored() {
    BfdProfileConfig profile = new BfdProfileConfig("echo", 300, 300, 3, 20, true, false, 254);
    assertThat(BfdTimers.from(profile)).isEqualTo(BfdTimers.DEFAULTS);
  }

  @Test
  void intervalsConvertToMicroseconds() {
    BfdTimers t = new BfdTimers(60_000, 10, 3, false, 254);
    assertThat(t.receiveIntervalUs()).isEqualTo(60_000_000L);
    assertThat(t.transmitIntervalUs()).isEqualTo(10_000L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'zero receive interval',   0, 300, 3, 254",
    "'zero transmit interval',  300, 0, 3, 254",
    "'zero multiplier',         300, 300, 0, 254",
    "'multiplier over 8 bits',  300, 300, 256, 254",
    "'zero minimum TTL',        300, 300, 3, 0",
    "'minimum TTL over 255',    300, 300, 3, 256",
  })
  void rejectsWhatBfdCannotRun(String description, int rx, int tx, int mult, int ttl) {
    assertThatThrownBy(() -> new BfdTimers(rx, tx, mult, false, ttl))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
