package io.ironlb.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IP text as Go prints it, CIDR normalisation, and pool entry parsing. */
class IpAddressingTest {

  @ParameterizedTest(name = "{0}: {1} prints as {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "IPv4 dotted quad | 192.0.2.1 | 192.0.2.1",
        "IPv6 compressed run | 2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        "all zeros | :: | ::",
        "trailing zeros | 1:: | 1::",
        "longest run wins | 1:0:0:1:0:0:0:1 | 1:0:0:1::1",
        "first run wins a tie | 1:0:0:1:0:0:1:1 | 1::1:0:0:1:1",
        "single zero group is not compressed | 1:0:1:1:1:1:1:1 | 1:0:1:1:1:1:1:1",
        "upper case is lowered | FC00::ABCD | fc00::abcd",
        "IPv4-mapped prints as IPv4, like Go | ::ffff:1.2.3.4 | 1.2.3.4",
        "embedded IPv4 tail in hex form | 64:ff9b::192.0.2.33 | 64:ff9b::c000:221",
        "loopback | ::1 | ::1",
      })
  void formatsLikeGo(String description, String in, String out) {
    assertThat(IpText.format(IpText.parse(in))).isEqualTo(out);
  }

  @ParameterizedTest(name = "{0}: \"{1}\" is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "octet above 255 | 192.0.2.256",
        "leading zero (Go refuses octal-looking input) | 192.0.2.01",
        "three octets | 192.0.2",
        "host name (never resolved) | localhost",
        "two ellipses | 1::2::3",
        "nine groups | 1:2:3:4:5:6:7:8:9",
        "group too long | 12345::",
        "trailing single colon | 1:2:3:4:5:6:7:",
        "zone index | fe80::1%eth0",
      })
  void refusesWhatGoRefuses(String description, String in) {
    assertThatThrownBy(() -> IpText.parse(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(in);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "host bits are cleared | 198.51.100.10/24 | 198.51.100.0/24",
        "single IPv4 | 192.0.2.7/32 | 192.0.2.7/32",
        "IPv6 host bits cleared | 2001:db8::1/64 | 2001:db8::/64",
        "whole IPv4 space | 1.2.3.4/0 | 0.0.0.0/0",
      })
  void cidrsAreNormalised(String description, String in, String out) {
    assertThat(Cidr.parse(in).toString()).isEqualTo(out);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a CIDR entry stays one CIDR | 192.0.2.0/24 | 192.0.2.0/24",
        "an aligned range is one CIDR | 192.0.2.0-192.0.2.255 | 192.0.2.0/24",
        "spaces around the dash | 192.0.2.0 - 192.0.2.3 | 192.0.2.0/30",
        "an unaligned range splits minimally | 192.0.2.1-192.0.2.6 | 192.0.2.1/32 192.0.2.2/31 192.0.2.4/31 192.0.2.6/32",
        "a one-address range | 192.0.2.9-192.0.2.9 | 192.0.2.9/32",
        "an IPv6 range | 2001:db8::-2001:db8::ff | 2001:db8::/120",
        "a range across a /24 boundary | 192.0.2.254-192.0.3.1 | 192.0.2.254/31 192.0.3.0/31",
      })
  void poolEntriesBecomeMinimalCidrs(String description, String entry, String cidrs) {
    assertThat(PoolAddresses.parseEntry(entry).stream().map(Cidr::toString).toList())
        .isEqualTo(List.of(cidrs.split(" ")));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad octet | 100.200.300.400/24 | invalid CIDR",
        "prefix too long | 1.2.3.0/33 | prefix length above 32",
        "start after end | 1.2.3.10-1.2.3.1 | start is after end",
        "mixed families | 192.0.2.1-2001:db8::1 | different IP families",
        "no prefix length | 192.0.2.0 | invalid CIDR",
        "garbage | banana | invalid CIDR",
      })
  void badEntriesSayWhatIsWrong(String description, String entry, String message) {
    assertThatThrownBy(() -> PoolAddresses.parseEntry(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an IPv6 /64 | 2001:db8::/64 | 18446744073709551616",
        "a whole IPv6 /0 | ::/0 | 340282366920938463463374607431768211456",
        "an IPv4 /24 | 192.0.2.0/24 | 256",
      })
  void sizesAreComputedNotEnumerated(String description, String cidr, String size) {
    assertThat(Cidr.parse(cidr).size()).isEqualTo(new BigInteger(size));
  }
}
