package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRD schemas carry the validation, defaults and printer columns MetalLB users get
 * from MetalLB's CRDs (METALLB-API.md §1.8), so the API server itself refuses bad objects.
 */
class CrdSchemaTest {

  static Stream<Arguments> schemaFacts() {
    return Stream.of(
        Arguments.of(
            "pool addresses are required", "ipaddresspools", "/spec/required/0", "addresses"),
        Arguments.of(
            "pool autoAssign defaults to true",
            "ipaddresspools",
            "/spec/properties/autoAssign/default",
            "true"),
        Arguments.of(
            "pool avoidBuggyIPs defaults to false",
            "ipaddresspools",
            "/spec/properties/avoidBuggyIPs/default",
            "false"),
        Arguments.of(
            "pool addresses look like CIDRs or ranges",
            "ipaddresspools",
            "/spec/properties/addresses/items/pattern",
            "/[0-9]{1,3}|"),
        Arguments.of(
            "pool status counts are integers",
            "ipaddresspools",
            "/status/properties/assignedIPv4/type",
            "integer"),
        Arguments.of(
            "preferred node weight at least 1",
            "l2advertisements",
            "/spec/properties/preferredNodeSelectors/items/properties/weight/minimum",
            "1"),
        Arguments.of(
            "preferred node weight at most 100",
            "l2advertisements",
            "/spec/properties/preferredNodeSelectors/items/properties/weight/maximum",
            "100"),
        Arguments.of(
            "aggregation length defaults to 32",
            "bgpadvertisements",
            "/spec/properties/aggregationLength/default",
            "32"),
        Arguments.of(
            "aggregation length at least 1",
            "bgpadvertisements",
            "/spec/properties/aggregationLength/minimum",
            "1"),
        Arguments.of(
            "IPv6 aggregation defaults to 128",
            "bgpadvertisements",
            "/spec/properties/aggregationLengthV6/default",
            "128"),
        Arguments.of(
            "serviceSelectors need default aggregation (CEL)",
            "bgpadvertisements",
            "/spec/x-kubernetes-validations/0/rule",
            "self.aggregationLength == 32"),
        Arguments.of("peer myASN is required", "bgppeers", "/spec/required/0", "myASN"),
        Arguments.of(
            "peer ASN at most 2^32-1",
            "bgppeers",
            "/spec/properties/peerASN/maximum",
            "4294967295"),
        Arguments.of(
            "peer port defaults to 179", "bgppeers", "/spec/properties/peerPort/default", "179"),
        Arguments.of(
            "peer port at most 16384", "bgppeers", "/spec/properties/peerPort/maximum", "16384"),
        Arguments.of(
            "dynamicASN is internal or external",
            "bgppeers",
            "/spec/properties/dynamicASN/pattern",
            "internal|external"),
        Arguments.of(
            "unnumbered peers use the JSON name interface",
            "bgppeers",
            "/spec/properties/interface/type",
            "string"),
        Arguments.of(
            "graceful restart is immutable (CEL)",
            "bgppeers",
            "/spec/properties/enableGracefulRestart/x-kubernetes-validations/0/rule",
            "self == oldSelf"),
        Arguments.of(
            "connectTime whole seconds (CEL)",
            "bgppeers",
            "/spec/properties/connectTime/x-kubernetes-validations/1/rule",
            "% 1000 == 0"),
        Arguments.of(
            "BFD receive interval at least 10 ms",
            "bfdprofiles",
            "/spec/properties/receiveInterval/minimum",
            "10"),
        Arguments.of(
            "BFD detect multiplier at most 255",
            "bfdprofiles",
            "/spec/properties/detectMultiplier/maximum",
            "255"),
        Arguments.of(
            "BFD minimum TTL at most 254",
            "bfdprofiles",
            "/spec/properties/minimumTtl/maximum",
            "254"),
        Arguments.of(
            "community value syntax",
            "communities",
            "/spec/properties/communities/items/properties/value/pattern",
            "large:"),
        Arguments.of(
            "configuration result enum",
            "configurationstates",
            "/status/properties/result/pattern",
            "Valid|Invalid|Unknown"),
        Arguments.of(
            "L2 status node is immutable (CEL)",
            "servicel2statuses",
            "/status/properties/node/x-kubernetes-validations/0/rule",
            "self == oldSelf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFacts")
  void schemaCarriesTheRule(String description, String plural, String pointer, String expected)
      throws IOException {
    JsonNode schema = crd(plural).at("/spec/versions/0/schema/openAPIV3Schema/properties");
    JsonNode node = schema.at(pointer);
    assertThat(node.isMissingNode())
        .as("%s: %s missing in %s", description, pointer, plural)
        .isFalse();
    if (node.isNumber()) {
      // the generator writes bounds as floats (4.294967295E9); the API server reads a number
      assertThat(node.asDouble()).as(description).isEqualTo(Double.parseDouble(expected));
    } else {
      assertThat(node.asText()).as(description).contains(expected);
    }
  }

  static Stream<Arguments> printerColumns() {
    return Stream.of(
        Arguments.of("ipaddresspools", "Auto Assign"),
        Arguments.of("ipaddresspools", "Avoid Buggy IPs"),
        Arguments.of("ipaddresspools", "Addresses"),
        Arguments.of("l2advertisements", "IPAddressPools"),
        Arguments.of("l2advertisements", "Interfaces"),
        Arguments.of("bgpadvertisements", "Peers"),
        Arguments.of("bgppeers", "Address"),
        Arguments.of("bgppeers", "BFD Profile"),
        Arguments.of("servicel2statuses", "Allocated Node"),
        Arguments.of("configurationstates", "Result"));
  }

  @ParameterizedTest(name = "{0} shows column {1}")
  @MethodSource("printerColumns")
  void kubectlGetShowsUsefulColumns(String plural, String column) throws IOException {
    JsonNode cols = crd(plural).at("/spec/versions/0/additionalPrinterColumns");
    assertThat(cols.findValuesAsText("name")).contains(column);
  }

  private static JsonNode crd(String plural) throws IOException {
    Path p = Path.of("../config/crds/" + plural + ".metallb.io-v1.yml");
    return Serialization.unmarshal(Files.readString(p), JsonNode.class);
  }
}
