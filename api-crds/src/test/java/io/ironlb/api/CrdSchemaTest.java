package io.ironlb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD YAML generated from the model (the build's copy under {@code target/classes}) carries
 * MetalLB's names, validation, defaults and printer columns (METALLB-API.md §1), so the API server
 * itself refuses what MetalLB's CRDs refuse and {@code kubectl} shows what it shows.
 */
class CrdSchemaTest {

  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  static JsonNode crd(String plural) throws IOException {
    Path p = GENERATED.resolve(plural + ".metallb.io-v1.yml");
    return Serialization.unmarshal(Files.readString(p), JsonNode.class);
  }

  static JsonNode schema(String plural) throws IOException {
    return crd(plural).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("ipaddresspools", "IPAddressPool", "v1beta1"),
        Arguments.of("l2advertisements", "L2Advertisement", "v1beta1"),
        Arguments.of("bgpadvertisements", "BGPAdvertisement", "v1beta1"),
        Arguments.of("bgppeers", "BGPPeer", "v1beta2"),
        Arguments.of("bfdprofiles", "BFDProfile", "v1beta1"),
        Arguments.of("communities", "Community", "v1beta1"),
        Arguments.of("servicel2statuses", "ServiceL2Status", "v1beta1"),
        Arguments.of("servicebgpstatuses", "ServiceBGPStatus", "v1beta1"),
        Arguments.of("configurationstates", "ConfigurationState", "v1beta1"));
  }

  static Stream<String> plurals() {
    return kinds().map(a -> (String) a.get()[0]);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void everyKindHasMetalLbsGroupVersionPluralScopeAndStatusSubresource(
      String plural, String kind, String version) throws IOException {
    JsonNode spec = crd(plural).get("spec");
    assertThat(crd(plural).at("/metadata/name").asText()).isEqualTo(plural + ".metallb.io");
    assertThat(spec.get("group").asText()).isEqualTo("metallb.io");
    assertThat(spec.at("/names/kind").asText()).isEqualTo(kind);
    assertThat(spec.at("/names/plural").asText()).isEqualTo(plural);
    assertThat(spec.at("/names/singular").asText()).isEqualTo(kind.toLowerCase());
    assertThat(spec.get("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.get("versions")).hasSize(1);
    JsonNode v = spec.at("/versions/0");
    assertThat(v.get("name").asText()).isEqualTo(version);
    assertThat(v.get("served").asBoolean()).isTrue();
    assertThat(v.get("storage").asBoolean()).isTrue();
    // every MetalLB kind declares +kubebuilder:subresource:status, even those with an empty status
    assertThat(v.at("/subresources/status").isObject()).as("status subresource").isTrue();
  }

  static Stream<Arguments> schemaFacts() {
    return Stream.of(
        fact("pool spec is required", "ipaddresspools", "/required", "[\"spec\"]"),
        fact(
            "pool addresses are required",
            "ipaddresspools",
            "/properties/spec/required",
            "[\"addresses\"]"),
        fact(
            "pool autoAssign defaults to true",
            "ipaddresspools",
            "/properties/spec/properties/autoAssign/default",
            "true"),
        fact(
            "pool avoidBuggyIPs defaults to false",
            "ipaddresspools",
            "/properties/spec/properties/avoidBuggyIPs/default",
            "false"),
        fact(
            "pool priority is an integer",
            "ipaddresspools",
            "/properties/spec/properties/serviceAllocation/properties/priority/type",
            "\"integer\""),
        fact(
            "pool namespace selectors are label selectors",
            "ipaddresspools",
            "/properties/spec/properties/serviceAllocation/properties/namespaceSelectors/items"
                + "/properties/matchLabels/type",
            "\"object\""),
        fact(
            "pool status needs all four counts",
            "ipaddresspools",
            "/properties/status/required",
            "[\"assignedIPv4\",\"assignedIPv6\",\"availableIPv4\",\"availableIPv6\"]"),
        fact(
            "pool status counts are integers",
            "ipaddresspools",
            "/properties/status/properties/availableIPv6/type",
            "\"integer\""),
        fact(
            "preferred node needs weight and preference",
            "l2advertisements",
            "/properties/spec/properties/preferredNodeSelectors/items/required",
            "[\"preference\",\"weight\"]"),
        fact(
            "preferred node weight at least 1",
            "l2advertisements",
            "/properties/spec/properties/preferredNodeSelectors/items/properties/weight/minimum",
            "1"),
        fact(
            "preferred node weight at most 100",
            "l2advertisements",
            "/properties/spec/properties/preferredNodeSelectors/items/properties/weight/maximum",
            "100"),
        fact(
            "aggregation length defaults to 32",
            "bgpadvertisements",
            "/properties/spec/properties/aggregationLength/default",
            "32"),
        fact(
            "aggregation length at least 1",
            "bgpadvertisements",
            "/properties/spec/properties/aggregationLength/minimum",
            "1"),
        fact(
            "aggregation length at most 32",
            "bgpadvertisements",
            "/properties/spec/properties/aggregationLength/maximum",
            "32"),
        fact(
            "IPv6 aggregation defaults to 128",
            "bgpadvertisements",
            "/properties/spec/properties/aggregationLengthV6/default",
            "128"),
        fact(
            "IPv6 aggregation at most 128",
            "bgpadvertisements",
            "/properties/spec/properties/aggregationLengthV6/maximum",
            "128"),
        fact(
            "localPref is unsigned 32-bit",
            "bgpadvertisements",
            "/properties/spec/properties/localPref/maximum",
            "4294967295"),
        fact(
            "serviceSelectors need default aggregation (CEL)",
            "bgpadvertisements",
            "/properties/spec/x-kubernetes-validations/0/rule",
            "\"!has(self.serviceSelectors) || size(self.serviceSelectors) == 0 ||"
                + " ((!has(self.aggregationLength) || self.aggregationLength == 32) &&"
                + " (!has(self.aggregationLengthV6) || self.aggregationLengthV6 == 128))\""),
        fact("peer myASN is required", "bgppeers", "/properties/spec/required", "[\"myASN\"]"),
        fact(
            "peer myASN at most 2^32-1",
            "bgppeers",
            "/properties/spec/properties/myASN/maximum",
            "4294967295"),
        fact("peer ASN at least 0", "bgppeers", "/properties/spec/properties/peerASN/minimum", "0"),
        fact(
            "peer ASN at most 2^32-1",
            "bgppeers",
            "/properties/spec/properties/peerASN/maximum",
            "4294967295"),
        fact(
            "local ASN at least 1",
            "bgppeers",
            "/properties/spec/properties/localASN/minimum",
            "1"),
        fact(
            "dynamicASN is internal or external",
            "bgppeers",
            "/properties/spec/properties/dynamicASN/enum",
            "[\"external\",\"internal\"]"),
        fact(
            "peer port defaults to 179",
            "bgppeers",
            "/properties/spec/properties/peerPort/default",
            "179"),
        fact(
            "peer port at least 1",
            "bgppeers",
            "/properties/spec/properties/peerPort/minimum",
            "1"),
        fact(
            "peer port at most 16384",
            "bgppeers",
            "/properties/spec/properties/peerPort/maximum",
            "16384"),
        fact(
            "unnumbered peers use the JSON name interface",
            "bgppeers",
            "/properties/spec/properties/interface/type",
            "\"string\""),
        fact(
            "password secret is a secret reference",
            "bgppeers",
            "/properties/spec/properties/passwordSecret/properties/namespace/type",
            "\"string\""),
        fact(
            "peer node selectors are label selectors",
            "bgppeers",
            "/properties/spec/properties/nodeSelectors/items/properties/matchExpressions/type",
            "\"array\""),
        fact(
            "hold time is a string duration",
            "bgppeers",
            "/properties/spec/properties/holdTime/type",
            "\"string\""),
        fact(
            "connectTime 1..65535 s (CEL)",
            "bgppeers",
            "/properties/spec/properties/connectTime/x-kubernetes-validations/0/rule",
            "\"duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535\""),
        fact(
            "connectTime whole seconds (CEL)",
            "bgppeers",
            "/properties/spec/properties/connectTime/x-kubernetes-validations/1/rule",
            "\"duration(self).getMilliseconds() % 1000 == 0\""),
        fact(
            "graceful restart is immutable (CEL)",
            "bgppeers",
            "/properties/spec/properties/enableGracefulRestart/x-kubernetes-validations/0/rule",
            "\"self == oldSelf\""),
        fact(
            "disableMP defaults to false",
            "bgppeers",
            "/properties/spec/properties/disableMP/default",
            "false"),
        fact(
            "dualStackAddressFamily defaults to false",
            "bgppeers",
            "/properties/spec/properties/dualStackAddressFamily/default",
            "false"),
        fact(
            "BFD receive interval at least 10 ms",
            "bfdprofiles",
            "/properties/spec/properties/receiveInterval/minimum",
            "10"),
        fact(
            "BFD receive interval at most 60000 ms",
            "bfdprofiles",
            "/properties/spec/properties/receiveInterval/maximum",
            "60000"),
        fact(
            "BFD transmit interval at least 10 ms",
            "bfdprofiles",
            "/properties/spec/properties/transmitInterval/minimum",
            "10"),
        fact(
            "BFD echo interval at most 60000 ms",
            "bfdprofiles",
            "/properties/spec/properties/echoInterval/maximum",
            "60000"),
        fact(
            "BFD detect multiplier at least 2",
            "bfdprofiles",
            "/properties/spec/properties/detectMultiplier/minimum",
            "2"),
        fact(
            "BFD detect multiplier at most 255",
            "bfdprofiles",
            "/properties/spec/properties/detectMultiplier/maximum",
            "255"),
        fact(
            "BFD minimum TTL at least 1",
            "bfdprofiles",
            "/properties/spec/properties/minimumTtl/minimum",
            "1"),
        fact(
            "BFD minimum TTL at most 254",
            "bfdprofiles",
            "/properties/spec/properties/minimumTtl/maximum",
            "254"),
        fact(
            "community alias needs name and value",
            "communities",
            "/properties/spec/properties/communities/items/required",
            "[\"name\",\"value\"]"),
        fact(
            "configuration result is an enum",
            "configurationstates",
            "/properties/status/properties/result/enum",
            "[\"Invalid\",\"Unknown\",\"Valid\"]"),
        fact(
            "configuration conditions are metav1 Conditions",
            "configurationstates",
            "/properties/status/properties/conditions/items/properties/lastTransitionTime/type",
            "\"string\""),
        fact(
            "L2 status node is immutable (CEL)",
            "servicel2statuses",
            "/properties/status/properties/node/x-kubernetes-validations/0/rule",
            "\"self == oldSelf\""),
        fact(
            "L2 status service name is immutable (CEL)",
            "servicel2statuses",
            "/properties/status/properties/serviceName/x-kubernetes-validations/0/rule",
            "\"self == oldSelf\""),
        fact(
            "L2 status interfaces have names",
            "servicel2statuses",
            "/properties/status/properties/interfaces/items/properties/name/type",
            "\"string\""),
        fact(
            "BGP status namespace is immutable (CEL)",
            "servicebgpstatuses",
            "/properties/status/properties/serviceNamespace/x-kubernetes-validations/0/rule",
            "\"self == oldSelf\""),
        fact(
            "BGP status lists peers",
            "servicebgpstatuses",
            "/properties/status/properties/peers/items/type",
            "\"string\""));
  }

  private static Arguments fact(String description, String plural, String pointer, String json) {
    return Arguments.of(description, plural, pointer, json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFacts")
  void schemaCarriesMetalLbsRule(String description, String plural, String pointer, String json)
      throws IOException {
    JsonNode node = schema(plural).at(pointer);
    assertThat(node.isMissingNode())
        .as("%s: %s missing in %s", description, pointer, plural)
        .isFalse();
    JsonNode expected = Serialization.unmarshal(json, JsonNode.class);
    if (node.isNumber()) {
      // the generator writes bounds as doubles (4.294967295E9); the API server reads a number
      assertThat(node.decimalValue()).as(description).isEqualByComparingTo(expected.decimalValue());
    } else {
      assertThat(node).as(description).isEqualTo(expected);
    }
  }

  @Test
  void onlyTheDocumentedFieldsExist() throws IOException {
    // "never add fields to metallb.io kinds that MetalLB lacks" (METALLB-API.md §1.1-1.7)
    Map<String, Set<String>> specFields =
        Map.of(
            "ipaddresspools",
                Set.of("addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation"),
            "l2advertisements",
                Set.of(
                    "ipAddressPools",
                    "ipAddressPoolSelectors",
                    "nodeSelectors",
                    "interfaces",
                    "serviceSelectors",
                    "preferredNodeSelectors"),
            "bgpadvertisements",
                Set.of(
                    "aggregationLength",
                    "aggregationLengthV6",
                    "localPref",
                    "communities",
                    "ipAddressPools",
                    "ipAddressPoolSelectors",
                    "nodeSelectors",
                    "peers",
                    "serviceSelectors"),
            "bgppeers",
                Set.of(
                    "myASN",
                    "peerASN",
                    "dynamicASN",
                    "localASN",
                    "peerAddress",
                    "interface",
                    "sourceAddress",
                    "peerPort",
                    "holdTime",
                    "keepaliveTime",
                    "connectTime",
                    "routerID",
                    "nodeSelectors",
                    "password",
                    "passwordSecret",
                    "bfdProfile",
                    "enableGracefulRestart",
                    "ebgpMultiHop",
                    "vrf",
                    "disableMP",
                    "dualStackAddressFamily"),
            "bfdprofiles",
                Set.of(
                    "receiveInterval",
                    "transmitInterval",
                    "detectMultiplier",
                    "echoInterval",
                    "echoMode",
                    "passiveMode",
                    "minimumTtl"),
            "communities", Set.of("communities"));
    for (var e : specFields.entrySet()) {
      assertThat(fieldNames(schema(e.getKey()).at("/properties/spec/properties")))
          .as("spec fields of %s", e.getKey())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
    assertThat(
            fieldNames(
                schema("ipaddresspools")
                    .at("/properties/spec/properties/serviceAllocation/properties")))
        .containsExactlyInAnyOrder(
            "priority", "namespaces", "namespaceSelectors", "serviceSelectors");
    assertThat(fieldNames(schema("configurationstates").at("/properties/status/properties")))
        .containsExactlyInAnyOrder("result", "errorSummary", "conditions");
    assertThat(fieldNames(schema("servicel2statuses").at("/properties/status/properties")))
        .containsExactlyInAnyOrder("node", "serviceName", "serviceNamespace", "interfaces");
    assertThat(fieldNames(schema("servicebgpstatuses").at("/properties/status/properties")))
        .containsExactlyInAnyOrder("node", "serviceName", "serviceNamespace", "peers");
  }

  private static List<String> fieldNames(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Properties whose schema comes from fabric8's Kubernetes model, which carries no descriptions.
   */
  private static final Set<String> KUBERNETES_TYPES =
      Set.of(
          "ipAddressPoolSelectors",
          "nodeSelectors",
          "serviceSelectors",
          "namespaceSelectors",
          "preference",
          "passwordSecret",
          "conditions");

  @ParameterizedTest(name = "{0}")
  @MethodSource("plurals")
  void kubectlExplainDescribesEveryField(String plural) throws IOException {
    List<String> undescribed = new ArrayList<>();
    JsonNode props = schema(plural).get("properties");
    for (String part : List.of("spec", "status")) {
      JsonNode node = props.get(part);
      boolean hasFields = node != null && node.has("properties");
      if (hasFields) {
        collectUndescribed(part, node, undescribed);
      }
    }
    assertThat(undescribed).as("fields of %s without a description", plural).isEmpty();
  }

  private static void collectUndescribed(String path, JsonNode node, List<String> out) {
    if (!node.hasNonNull("description")) {
      out.add(path);
    }
    String name = path.substring(path.lastIndexOf('.') + 1);
    if (KUBERNETES_TYPES.contains(name)) {
      return;
    }
    JsonNode target = node.has("items") ? node.get("items") : node;
    if (target.has("properties")) {
      target
          .get("properties")
          .fields()
          .forEachRemaining(f -> collectUndescribed(path + "." + f.getKey(), f.getValue(), out));
    }
  }

  static Stream<Arguments> printerColumns() {
    // MetalLB's columns (METALLB-API.md §1.1-1.7); the generator orders them by JSON path
    return Stream.of(
        Arguments.of(
            "ipaddresspools",
            List.of(
                "Auto Assign|.spec.autoAssign|boolean|0",
                "Avoid Buggy IPs|.spec.avoidBuggyIPs|boolean|0",
                "Addresses|.spec.addresses|string|0")),
        Arguments.of(
            "l2advertisements",
            List.of(
                "IPAddressPools|.spec.ipAddressPools|string|0",
                "IPAddressPool Selectors|.spec.ipAddressPoolSelectors|string|0",
                "Interfaces|.spec.interfaces|string|0",
                "Node Selectors|.spec.nodeSelectors|string|10")),
        Arguments.of(
            "bgpadvertisements",
            List.of(
                "IPAddressPools|.spec.ipAddressPools|string|0",
                "IPAddressPool Selectors|.spec.ipAddressPoolSelectors|string|0",
                "Peers|.spec.peers|string|0",
                "Node Selectors|.spec.nodeSelectors|string|10")),
        Arguments.of(
            "bgppeers",
            List.of(
                "Address|.spec.peerAddress|string|0",
                "ASN|.spec.peerASN|string|0",
                "BFD Profile|.spec.bfdProfile|string|0",
                "Multi Hops|.spec.ebgpMultiHop|string|0")),
        Arguments.of(
            "bfdprofiles",
            List.of(
                "Passive Mode|.spec.passiveMode|boolean|0",
                "Transmit Interval|.spec.transmitInterval|integer|0",
                "Receive Interval|.spec.receiveInterval|integer|0",
                "Multiplier|.spec.detectMultiplier|integer|0")),
        Arguments.of("communities", List.of()),
        Arguments.of(
            "servicel2statuses",
            List.of(
                "Allocated Node|.status.node|string|0",
                "Service Name|.status.serviceName|string|0",
                "Service Namespace|.status.serviceNamespace|string|0")),
        Arguments.of(
            "servicebgpstatuses",
            List.of(
                "Node|.status.node|string|0",
                "Service Name|.status.serviceName|string|0",
                "Service Namespace|.status.serviceNamespace|string|0")),
        Arguments.of(
            "configurationstates",
            List.of(
                "Result|.status.result|string|0",
                "ErrorSummary|.status.errorSummary|string|0",
                "Age|.metadata.creationTimestamp|date|0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printerColumns")
  void kubectlGetShowsMetalLbsColumns(String plural, List<String> expected) throws IOException {
    JsonNode cols = crd(plural).at("/spec/versions/0/additionalPrinterColumns");
    List<String> actual =
        StreamSupport.stream(cols.spliterator(), false)
            .map(
                c ->
                    String.join(
                        "|",
                        c.get("name").asText(),
                        c.get("jsonPath").asText(),
                        c.get("type").asText(),
                        c.path("priority").asText("0")))
            .toList();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }
}
