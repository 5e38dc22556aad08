package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterIpAllocatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> services() {
    return Stream.of(
        Arguments.of(
            "no family fields: single-stack IPv4, the first free address",
            "{}",
            List.of("10.96.0.11"),
            List.of("IPv4"),
            "SingleStack"),
        Arguments.of(
            "IPv6 asked for: single-stack IPv6",
            "{\"ipFamilies\":[\"IPv6\"]}",
            List.of("fd00:10:96::b"),
            List.of("IPv6"),
            "SingleStack"),
        Arguments.of(
            "PreferDualStack without families: IPv4 first, then IPv6",
            "{\"ipFamilyPolicy\":\"PreferDualStack\"}",
            List.of("10.96.0.11", "fd00:10:96::b"),
            List.of("IPv4", "IPv6"),
            "PreferDualStack"),
        Arguments.of(
            "RequireDualStack with IPv6 first keeps that order",
            "{\"ipFamilyPolicy\":\"RequireDualStack\",\"ipFamilies\":[\"IPv6\"]}",
            List.of("fd00:10:96::b", "10.96.0.11"),
            List.of("IPv6", "IPv4"),
            "RequireDualStack"),
        Arguments.of(
            "SingleStack with two families keeps the primary one only",
            "{\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"IPv6\",\"IPv4\"]}",
            List.of("fd00:10:96::b"),
            List.of("IPv6"),
            "SingleStack"),
        Arguments.of(
            "an explicit clusterIP is kept and its family recorded",
            "{\"clusterIP\":\"10.96.0.10\"}",
            List.of("10.96.0.10"),
            List.of("IPv4"),
            "SingleStack"),
        Arguments.of(
            "an explicit IPv6 clusterIP under PreferDualStack gets an IPv4 second",
            "{\"clusterIP\":\"fd00:10:96::53\",\"ipFamilyPolicy\":\"PreferDualStack\"}",
            List.of("fd00:10:96::53", "10.96.0.11"),
            List.of("IPv6", "IPv4"),
            "PreferDualStack"),
        Arguments.of(
            "two explicit clusterIPs: dual-stack in their order",
            "{\"clusterIPs\":[\"10.96.5.5\",\"fd00:10:96::5\"]}",
            List.of("10.96.5.5", "fd00:10:96::5"),
            List.of("IPv4", "IPv6"),
            "RequireDualStack"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void completesClusterIpsAndFamiliesLikeADualStackApiServer(
      String description,
      String spec,
      List<String> clusterIps,
      List<String> families,
      String policy)
      throws Exception {
    ObjectNode service = service(spec);

    new ClusterIpAllocator().complete(service);

    assertThat(texts(service.at("/spec/clusterIPs"))).isEqualTo(clusterIps);
    assertThat(service.at("/spec/clusterIP").asText()).isEqualTo(clusterIps.get(0));
    assertThat(texts(service.at("/spec/ipFamilies"))).isEqualTo(families);
    assertThat(service.at("/spec/ipFamilyPolicy").asText()).isEqualTo(policy);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untouched")
  void leavesServicesWithoutAClusterIpAlone(String description, String spec) throws Exception {
    ObjectNode service = service(spec);
    ObjectNode before = service.deepCopy();

    new ClusterIpAllocator().complete(service);

    assertThat(service).isEqualTo(before);
  }

  static Stream<Arguments> untouched() {
    return Stream.of(
        Arguments.of("ExternalName", "{\"type\":\"ExternalName\",\"externalName\":\"a.example\"}"),
        Arguments.of("headless", "{\"clusterIP\":\"None\"}"));
  }

  @Test
  void neverHandsOutAnAddressTwiceNorOneAManifestClaimed() throws Exception {
    ClusterIpAllocator allocator = new ClusterIpAllocator();
    ObjectNode claimed = service("{\"clusterIP\":\"10.96.0.12\"}");
    allocator.complete(claimed);
    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ObjectNode s = service("{}");
      allocator.complete(s);
      handedOut.add(s.at("/spec/clusterIP").asText());
    }

    assertThat(handedOut).doesNotHaveDuplicates().doesNotContain("10.96.0.12");
    assertThat(handedOut.get(0)).isEqualTo("10.96.0.11");
    assertThat(handedOut.get(1)).isEqualTo("10.96.0.13");
    assertThat(handedOut).contains("10.96.1.0");
  }

  private static ObjectNode service(String spec) throws Exception {
    return (ObjectNode)
        JSON.readTree("{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":" + spec + "}");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
