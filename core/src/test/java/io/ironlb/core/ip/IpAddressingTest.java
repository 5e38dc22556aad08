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
        "IPv4-compatible form stays IPv6, like Go | ::1.2.3.4 | ::102:304",
        "a tie between runs of two: the first | 2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "leading zeros are dropped | 2001:0db8:0001:0000:0000:0000:0000:0001 | 2001:db8:1::1",
        "a longer run at the end wins | 1:0:0:2:0:0:0:0 | 1:0:0:2::",
        "upper-case IPv4-mapped | ::FFFF:10.0.0.1 | 10.0.0.1",
        "eight groups, none zero | 1:2:3:4:5:6:7:8 | 1:2:3:4:5:6:7:8",
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
        "leading space | ' 192.0.2.1'",
        "trailing dot | 192.0.2.1.",
        "a CIDR is not an IP | 192.0.2.0/24",
        "embedded IPv4 not at the end | ::1.2.3.4:1",
        "embedded IPv4 with a leading zero | ::ffff:1.2.3.04",
        "an ellipsis standing for nothing | 1:2:3:4::5:6:7:8",
        "a single leading colon | :1::",
        "a non-ASCII digit (Go reads ASCII only) | \u0663::",
        "a fullwidth hex letter | \uff21::",
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
        "single IPv6 | 2001:db8::1/128 | 2001:db8::1/128",
        "whole IPv6 space | 2001:db8::/0 | ::/0",
        "IPv4-mapped prefix is the IPv4 prefix, as Go prints it | ::ffff:192.0.2.7/120 | 192.0.2.0/24",
        "IPv4-mapped literal with a short prefix stays IPv6 | ::ffff:0:0/80 | ::/80",
        "a leading zero in the length is read as Go's dtoi does | 192.0.2.0/024 | 192.0.2.0/24",
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
        "an IPv6 range across a group boundary | 2001:db8::ffff-2001:db8::1:0 | 2001:db8::ffff/128 2001:db8::1:0/128",
        "IPv4-mapped ends are IPv4 | ::ffff:192.0.2.0 - ::ffff:192.0.2.3 | 192.0.2.0/30",
        "a whole /16 written as a range | 10.0.0.0-10.0.255.255 | 10.0.0.0/16",
        "an IPv6 CIDR entry is normalised too | 2001:db8::5/64 | 2001:db8::/64",
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
        "two dashes | 1.2.3.4-1.2.3.5-1.2.3.6 | invalid IP range",
        "an open range | 1.2.3.4- | invalid IP range",
        "a zone in a CIDR | fe80::1%eth0/64 | invalid CIDR",
        "IPv6 prefix above 128 | 2001:db8::/129 | prefix length above 128",
        "a dash makes it a range, as in MetalLB | 1.2.3.0/-1 | invalid IP range",
        "a prefix length that is not a number | 1.2.3.0/x | bad prefix length",
        "two slashes | 1.2.3.0/24/8 | invalid CIDR",
        "an IPv6 range end after start | 2001:db8::9-2001:db8::1 | start is after end",
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
        "a single IPv6 address | 2001:db8::1/128 | 1",
        "an IPv6 /65 | 2001:db8::/65 | 9223372036854775808",
      })
  void sizesAreComputedNotEnumerated(String description, String cidr, String size) {
    assertThat(Cidr.parse(cidr).size()).isEqualTo(new BigInteger(size));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "all of IPv6 but the first and last | ::1 - ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe | 254"
            + " | 340282366920938463463374607431768211454",
        "all of IPv4 but the first and last | 0.0.0.1-255.255.255.254 | 62 | 4294967294",
        "an IPv6 /64 and one more | 2001:db8::-2001:db8:0:1:: | 2 | 18446744073709551617",
      })
  void hugeRangesSplitIntoFewCidrsOfExactTotalSize(
      String description, String entry, int cidrs, String size) {
    List<Cidr> out = PoolAddresses.parseEntry(entry);
    assertThat(out).hasSize(cidrs);
    assertThat(out.stream().map(Cidr::size).reduce(BigInteger.ZERO, BigInteger::add))
        .isEqualTo(new BigInteger(size));
    for (int i = 1; i < out.size(); i++) { // in address order, touching, never overlapping
      assertThat(Cidr.toBigInteger(out.get(i).first()))
          .isEqualTo(Cidr.toBigInteger(out.get(i - 1).last()).add(BigInteger.ONE));
    }
  }

  @ParameterizedTest(name = "{0}: {1} contains {2} = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "last address of a /24 | 192.0.2.0/24 | 192.0.2.255 | true",
        "just past a /24 | 192.0.2.0/24 | 192.0.3.0 | false",
        "a prefix ending mid-byte, inside | 10.0.0.0/9 | 10.127.255.255 | true",
        "a prefix ending mid-byte, outside | 10.0.0.0/9 | 10.128.0.0 | false",
        "IPv6 mid-group, inside | 2001:db8::/33 | 2001:db8:7fff:ffff:: | true",
        "IPv6 mid-group, outside | 2001:db8::/33 | 2001:db8:8000:: | false",
        "another family never | 192.0.2.0/24 | 2001:db8:: | false",
        "the IPv6 /0 holds no IPv4 | ::/0 | 192.0.2.1 | false",
        "the IPv4 /0 holds every IPv4 | 0.0.0.0/0 | 255.255.255.255 | true",
        "a /32 holds itself | 192.0.2.7/32 | 192.0.2.7 | true",
        "a /32 holds nothing else | 192.0.2.7/32 | 192.0.2.6 | false",
      })
  void containment(String description, String cidr, String ip, boolean contains) {
    assertThat(Cidr.parse(cidr).contains(IpText.parse(ip))).isEqualTo(contains);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a prefix and one inside it | 10.0.0.0/8 | 10.1.0.0/16 | true",
        "neighbours | 10.0.0.0/16 | 10.1.0.0/16 | false",
        "the same prefix | 192.0.2.0/24 | 192.0.2.0/24 | true",
        "families never overlap | 0.0.0.0/0 | ::/0 | false",
        "IPv6 nested | 2001:db8::/32 | 2001:db8:1::/48 | true",
      })
  void overlap(String description, String a, String b, boolean overlaps) {
    assertThat(Cidr.parse(a).overlaps(Cidr.parse(b))).isEqualTo(overlaps);
    assertThat(Cidr.parse(b).overlaps(Cidr.parse(a))).isEqualTo(overlaps);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "IPv4 /30 | 192.0.2.0/30 | IPV4 | 192.0.2.0 | 192.0.2.3",
        "IPv4 /32 | 192.0.2.7/32 | IPV4 | 192.0.2.7 | 192.0.2.7",
        "IPv6 /126 | 2001:db8::/126 | IPV6 | 2001:db8:: | 2001:db8::3",
        "IPv6 /0 | ::/0 | IPV6 | :: | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      })
  void firstAndLastAddresses(
      String description, String cidr, IpFamily family, String first, String last) {
    Cidr c = Cidr.parse(cidr);
    assertThat(c.family()).isEqualTo(family);
    assertThat(IpText.format(c.first())).isEqualTo(first);
    assertThat(IpText.format(c.last())).isEqualTo(last);
  }

  @ParameterizedTest(name = "{0}: {1} is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dotted quad | 192.0.2.1 | IPV4",
        "IPv6 | 2001:db8::1 | IPV6",
        "IPv4-mapped IPv6 is IPv4, as Go's To4 sees it | ::ffff:192.0.2.1 | IPV4",
        "IPv4-compatible IPv6 stays IPv6 | ::192.0.2.1 | IPV6",
      })
  void familyOfALiteral(String description, String text, IpFamily family) {
    assertThat(IpFamily.of(IpText.parse(text))).isEqualTo(family);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an IPv4-mapped address reached by IPv6 arithmetic prints as Go prints it"
            + " | 281470681743360 | 0.0.0.0 | true",
        "the address just before the mapped block | 281470681743359 | ::fffe:ffff:ffff | false",
        "a mapped address in the middle | 281473902969345 | 192.0.2.1 | true",
      })
  void ipv6ArithmeticIntoTheMappedBlock(
      String description, String value, String text, boolean mapped) {
    var address = Cidr.toAddress(new BigInteger(value), 128);
    assertThat(IpFamily.of(address)).isEqualTo(IpFamily.IPV6);
    assertThat(IpText.isIpv4Mapped(address)).isEqualTo(mapped);
    assertThat(IpText.format(address)).isEqualTo(text);
  }
}
