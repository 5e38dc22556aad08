package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The patterns in the generated CRDs accept every value MetalLB accepts (so no MetalLB
 * configuration is refused by IronLB's schema) and refuse values that are plainly wrong. The
 * patterns use only syntax on which Java's regex and the API server's RE2 agree.
 */
class SchemaPatternTest {

  private static final String ADDRESSES =
      "ipaddresspools|/properties/spec/properties/addresses/items";
  private static final String PEER_ADDRESS = "bgppeers|/properties/spec/properties/peerAddress";
  private static final String ROUTER_ID = "bgppeers|/properties/spec/properties/routerID";
  private static final String SOURCE = "bgppeers|/properties/spec/properties/sourceAddress";
  private static final String HOLD_TIME = "bgppeers|/properties/spec/properties/holdTime";
  private static final String CONNECT = "bgppeers|/properties/spec/properties/connectTime";
  private static final String COMMUNITY =
      "communities|/properties/spec/properties/communities/items/properties/value";

  static Stream<Arguments> values() {
    return Stream.of(
        row("IPv4 CIDR", ADDRESSES, "192.168.10.0/24", true),
        row("IPv4 CIDR with host bits", ADDRESSES, "198.51.100.10/24", true),
        row("single IPv4 as /32", ADDRESSES, "192.0.2.7/32", true),
        row("IPv4 range", ADDRESSES, "192.168.9.1-192.168.9.5", true),
        row("IPv4 range with spaces around the dash", ADDRESSES, "192.168.9.1 - 192.168.9.5", true),
        row("IPv4 range padded (Go trims it)", ADDRESSES, " 192.168.9.1-192.168.9.5 ", true),
        row("single IPv4 as a-a range", ADDRESSES, "192.0.2.7-192.0.2.7", true),
        row("IPv6 CIDR", ADDRESSES, "fc00:f853:0ccd:e799::/124", true),
        row("IPv6 CIDR upper case", ADDRESSES, "2001:DB8::/32", true),
        row("IPv6 range", ADDRESSES, "2001:db8::1-2001:db8::ff", true),
        row("IPv4-mapped IPv6 CIDR", ADDRESSES, "::ffff:192.0.2.0/120", true),
        row("default route v6", ADDRESSES, "::/0", true),
        row("a word", ADDRESSES, "banana", false),
        row("IPv4 without prefix length", ADDRESSES, "10.0.0.0", false),
        row("CIDR with empty length", ADDRESSES, "10.0.0.0/", false),
        row("range missing its end", ADDRESSES, "10.0.0.1-", false),
        row("empty entry", ADDRESSES, "", false),
        row("hostname", ADDRESSES, "lb.example.com/24", false),
        row("peer IPv4", PEER_ADDRESS, "10.0.0.1", true),
        row("peer IPv6", PEER_ADDRESS, "fd00::1", true),
        row("peer left empty (unnumbered)", PEER_ADDRESS, "", true),
        row("peer as hostname", PEER_ADDRESS, "router", false),
        row("peer with prefix length", PEER_ADDRESS, "10.0.0.1/32", false),
        row("router ID", ROUTER_ID, "10.10.10.10", true),
        row("router ID empty", ROUTER_ID, "", true),
        row("source IPv6", SOURCE, "2001:db8::2", true),
        row("hold time seconds", HOLD_TIME, "90s", true),
        row("hold time composite", HOLD_TIME, "1m30s", true),
        row("hold time fractional", HOLD_TIME, "1.5m", true),
        row("hold time leading dot", HOLD_TIME, ".5h", true),
        row("hold time zero", HOLD_TIME, "0", true),
        row("hold time every unit", HOLD_TIME, "1h2m3s4ms5us6ns", true),
        row("hold time micro sign", HOLD_TIME, "7\u00b5s", true),
        row("hold time greek mu", HOLD_TIME, "7\u03bcs", true),
        row("hold time without unit", HOLD_TIME, "90", false),
        row("hold time in days", HOLD_TIME, "1d", false),
        row("hold time empty", HOLD_TIME, "", false),
        row("connect time seconds", CONNECT, "5s", true),
        row("connect time words", CONNECT, "five seconds", false),
        row("legacy community", COMMUNITY, "65535:65282", true),
        row("large community", COMMUNITY, "large:1:2:3", true),
        row("community alias name", COMMUNITY, "gold", false),
        row("community with three parts but no prefix", COMMUNITY, "1:2:3", false));
  }

  private static Arguments row(String description, String where, String value, boolean valid) {
    return Arguments.of(description, where, value, valid);
  }

  @ParameterizedTest(name = "{0}: \"{2}\" valid={3}")
  @MethodSource("values")
  void patternAcceptsExactlyWhatMetalLbAccepts(
      String description, String where, String value, boolean valid) throws IOException {
    String[] parts = where.split("\\|");
    String pattern = CrdSchemaTest.schema(parts[0]).at(parts[1]).path("pattern").asText(null);
    assertThat(pattern).as("pattern of %s", where).isNotNull();
    assertThat(Pattern.compile(pattern).matcher(value).find()).as(description).isEqualTo(valid);
  }
}
