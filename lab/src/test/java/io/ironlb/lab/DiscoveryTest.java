package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscoveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two CRDs of one group: a namespaced kind with status in two versions, a cluster one. */
  private static final String CRDS =
      """
      [{"spec":{"group":"example.io","scope":"Namespaced",
                "names":{"plural":"widgets","kind":"Widget","shortNames":["wd"]},
                "versions":[{"name":"v1beta1","served":true,"subresources":{"status":{}}},
                            {"name":"v1","served":true,"subresources":{"status":{}}},
                            {"name":"v1alpha1","served":false}]}},
       {"spec":{"group":"example.io","scope":"Cluster",
                "names":{"plural":"gadgets","kind":"Gadget"},
                "versions":[{"name":"v1beta1","served":true}]}}]
      """;

  static Stream<Arguments> versionOrder() {
    return Stream.of(
        Arguments.of("GA before beta", List.of("v1beta1", "v1"), List.of("v1", "v1beta1")),
        Arguments.of(
            "beta before alpha", List.of("v1alpha1", "v1beta1"), List.of("v1beta1", "v1alpha1")),
        Arguments.of(
            "higher beta first", List.of("v1beta1", "v1beta2"), List.of("v1beta2", "v1beta1")),
        Arguments.of("higher major first", List.of("v1", "v2"), List.of("v2", "v1")),
        Arguments.of(
            "numbers compare as numbers",
            List.of("v2beta1", "v10beta1"),
            List.of("v10beta1", "v2beta1")),
        Arguments.of(
            "non-Kubernetes names last, alphabetically",
            List.of("foo", "bar", "v1alpha1"),
            List.of("v1alpha1", "bar", "foo")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versionOrder")
  void ordersVersionsAsTheApiServerDoes(String description, List<String> in, List<String> out) {
    List<String> sorted = new ArrayList<>(in);
    sorted.sort(Discovery::newestFirst);
    assertThat(sorted).isEqualTo(out);
  }

  @Test
  void groupListNamesCrdGroupsWithTheirNewestVersionPreferred() throws Exception {
    JsonNode groups = JSON.readTree(Discovery.groupList(JSON.readTree(CRDS))).path("groups");

    JsonNode example = null;
    List<String> names = new ArrayList<>();
    for (JsonNode g : groups) {
      names.add(g.path("name").asText());
      if ("example.io".equals(g.path("name").asText())) {
        example = g;
      }
    }
    assertThat(names)
        .contains("apiextensions.k8s.io", "discovery.k8s.io", "coordination.k8s.io", "example.io");
    assertThat(example.at("/preferredVersion/version").asText()).isEqualTo("v1");
    assertThat(example.path("versions").findValuesAsText("version"))
        .containsExactly("v1", "v1beta1");
  }

  @Test
  void groupAnswersForKnownGroupsOnly() throws Exception {
    JsonNode crds = JSON.readTree(CRDS);

    JsonNode example = JSON.readTree(Discovery.group("example.io", crds).orElseThrow());

    assertThat(example.path("kind").asText()).isEqualTo("APIGroup");
    assertThat(example.at("/preferredVersion/groupVersion").asText()).isEqualTo("example.io/v1");
    assertThat(example.path("versions").findValuesAsText("version"))
        .as("v1alpha1 is not served")
        .containsExactly("v1", "v1beta1");
    assertThat(Discovery.group("discovery.k8s.io", crds)).isPresent();
    assertThat(Discovery.group("other.io", crds)).isEmpty();
  }

  @Test
  void resourceListServesEachCrdInTheVersionsItServes() throws Exception {
    JsonNode crds = JSON.readTree(CRDS);

    JsonNode v1beta1 =
        JSON.readTree(Discovery.resourceList("example.io/v1beta1", crds).orElseThrow());

    assertThat(v1beta1.path("resources").findValuesAsText("name"))
        .containsExactly("widgets", "widgets/status", "gadgets");
    JsonNode widgets = v1beta1.path("resources").get(0);
    assertThat(widgets.path("kind").asText()).isEqualTo("Widget");
    assertThat(widgets.path("namespaced").asBoolean()).isTrue();
    assertThat(widgets.path("shortNames").get(0).asText()).isEqualTo("wd");
    assertThat(texts(v1beta1.path("resources").get(1).path("verbs")))
        .containsExactly("get", "patch", "update");
    assertThat(v1beta1.path("resources").get(2).path("namespaced").asBoolean()).isFalse();
    assertThat(Discovery.resourceList("example.io/v1alpha1", crds)).isEmpty();
    assertThat(Discovery.resourceList("other.io/v1", crds)).isEmpty();
  }

  @Test
  void coreGroupServesWhatIronLbReadsAndWrites() throws Exception {
    JsonNode v1 = JSON.readTree(Discovery.resourceList("v1", JSON.createArrayNode()).orElseThrow());

    assertThat(v1.path("resources").findValuesAsText("name"))
        .contains(
            "namespaces",
            "services",
            "services/status",
            "endpoints",
            "events",
            "nodes",
            "pods",
            "secrets",
            "configmaps");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
