package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery documents of the lab's API server, in the legacy (unaggregated) form every kubectl
 * understands: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and {@code
 * /apis/GROUP}, {@code /apis/GROUP/VERSION}. Built-in resources are the ones IronLB and its lab
 * use; custom resources come from the CustomResourceDefinitions passed in, with the CRD's plural,
 * kind and scope, so they appear as soon as their CRD is stored.
 *
 * <p>kubectl 1.30+ first asks for aggregated discovery ({@code Accept:
 * application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, application/json}); an
 * answer of plain {@code application/json} makes client-go fall back to these documents.
 */
final class Discovery {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reported by {@code /version}: the Kubernetes minor the lab's kubectl is built from. */
  static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"34\",\"gitVersion\":\"v1.34.0-ironlb-lab\","
          + "\"gitTreeState\":\"clean\",\"platform\":\"linux/amd64\"}";

  static final List<ApiResource> CORE_V1 =
      List.of(
          ApiResource.of("namespaces", "Namespace", false, "ns"),
          ApiResource.of("namespaces", "Namespace", false).status(),
          ApiResource.of("services", "Service", true, "svc").in("all"),
          ApiResource.of("services", "Service", true).status(),
          ApiResource.of("endpoints", "Endpoints", true, "ep"),
          ApiResource.of("events", "Event", true, "ev"),
          ApiResource.of("nodes", "Node", false, "no"),
          ApiResource.of("nodes", "Node", false).status(),
          ApiResource.of("pods", "Pod", true, "po").in("all"),
          ApiResource.of("pods", "Pod", true).status(),
          ApiResource.of("secrets", "Secret", true),
          ApiResource.of("configmaps", "ConfigMap", true, "cm"),
          ApiResource.of("serviceaccounts", "ServiceAccount", true, "sa"));

  /** Built-in API groups by {@code group/version}. */
  static final Map<String, List<ApiResource>> BUILTIN_GROUPS =
      Map.of(
          "discovery.k8s.io/v1",
          List.of(ApiResource.of("endpointslices", "EndpointSlice", true)),
          "apiextensions.k8s.io/v1",
          List.of(
              ApiResource.of(
                  "customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds"),
              ApiResource.of("customresourcedefinitions", "CustomResourceDefinition", false)
                  .status()),
          // leader election of the controller when it runs with more than one replica
          "coordination.k8s.io/v1",
          List.of(ApiResource.of("leases", "Lease", true)));

  private Discovery() {}

  /** {@code /api}: the legacy core group has one version. */
  static String coreVersions() {
    return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
  }

  /** {@code /apis}: built-in groups plus every group a CRD defines, versions newest first. */
  static String groupList(JsonNode crds) {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup(crds).forEach((group, versions) -> groups.add(group(group, versions)));
    return list.toString();
  }

  /** {@code /apis/GROUP}, or empty when no built-in nor CRD defines that group. */
  static Optional<String> group(String name, JsonNode crds) {
    Set<String> versions = versionsByGroup(crds).get(name);
    if (versions == null) {
      return Optional.empty();
    }
    return Optional.of(
        group(name, versions).put("kind", "APIGroup").put("apiVersion", "v1").toString());
  }

  private static ObjectNode group(String group, Set<String> versions) {
    ObjectNode g = JSON.createObjectNode().put("name", group);
    ArrayNode vs = g.putArray("versions");
    versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
    String preferred = versions.iterator().next();
    g.putObject("preferredVersion")
        .put("groupVersion", group + "/" + preferred)
        .put("version", preferred);
    return g;
  }

  private static Map<String, Set<String>> versionsByGroup(JsonNode crds) {
    Map<String, Set<String>> versionsByGroup = new TreeMap<>();
    BUILTIN_GROUPS.keySet().forEach(gv -> add(versionsByGroup, gv.split("/")[0], gv.split("/")[1]));
    for (JsonNode crd : crds) {
      for (JsonNode v : crd.at("/spec/versions")) {
        if (v.path("served").asBoolean(true)) {
          add(versionsByGroup, crd.at("/spec/group").asText(), v.path("name").asText());
        }
      }
    }
    return versionsByGroup;
  }

  private static void add(Map<String, Set<String>> versionsByGroup, String group, String version) {
    versionsByGroup.computeIfAbsent(group, k -> new TreeSet<>(Discovery::newestFirst)).add(version);
  }

  /**
   * Kubernetes version priority, newest first: GA before beta before alpha, higher numbers first
   * (v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1), as the API server orders a group's versions.
   */
  static int newestFirst(String a, String b) {
    return Comparator.comparing(VersionRank::parse).reversed().compare(a, b);
  }

  /**
   * {@code /api/v1} or {@code /apis/GROUP/VERSION}, or empty when nothing is served there (a
   * group/version no built-in serves and no CRD defines).
   */
  static Optional<String> resourceList(String groupVersion, JsonNode crds) {
    List<ApiResource> resources;
    if ("v1".equals(groupVersion)) {
      resources = CORE_V1;
    } else if (BUILTIN_GROUPS.containsKey(groupVersion)) {
      resources = BUILTIN_GROUPS.get(groupVersion);
    } else {
      resources = customResources(groupVersion, crds);
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode arr = list.putArray("resources");
    for (ApiResource r : resources) {
      ObjectNode n =
          arr.addObject()
              .put("name", r.name())
              .put("singularName", "")
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      r.verbs().forEach(n.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(n.putArray("shortNames")::add);
      }
      if (!r.categories().isEmpty()) {
        r.categories().forEach(n.putArray("categories")::add);
      }
    }
    return Optional.of(list.toString());
  }

  /** The resources CRDs define in {@code group/version}: plural, kind, scope, status. */
  static List<ApiResource> customResources(String groupVersion, JsonNode crds) {
    List<ApiResource> out = new ArrayList<>();
    for (JsonNode crd : crds) {
      if (!groupVersion.startsWith(crd.at("/spec/group").asText() + "/")) {
        continue;
      }
      for (JsonNode v : crd.at("/spec/versions")) {
        String gv = crd.at("/spec/group").asText() + "/" + v.path("name").asText();
        if (!gv.equals(groupVersion) || !v.path("served").asBoolean(true)) {
          continue;
        }
        ApiResource r =
            new ApiResource(
                crd.at("/spec/names/plural").asText(),
                crd.at("/spec/names/kind").asText(),
                "Namespaced".equals(crd.at("/spec/scope").asText()),
                texts(crd.at("/spec/names/shortNames")),
                texts(crd.at("/spec/names/categories")));
        out.add(r);
        if (v.at("/subresources/status").isObject()) {
          out.add(r.status());
        }
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A Kubernetes API version split for ordering: v1beta2 is (1, BETA, 2). */
  private record VersionRank(int major, int stability, int minor, String text)
      implements Comparable<VersionRank> {

    private static final Pattern KUBE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

    static VersionRank parse(String version) {
      Matcher m = KUBE.matcher(version);
      if (!m.matches()) {
        // not Kubernetes-shaped: after every Kubernetes-shaped version, by name
        return new VersionRank(-1, -1, -1, version);
      }
      int stability = m.group(2) == null ? 2 : "beta".equals(m.group(2)) ? 1 : 0;
      int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      return new VersionRank(Integer.parseInt(m.group(1)), stability, minor, version);
    }

    @Override
    public int compareTo(VersionRank o) {
      return Comparator.comparingInt(VersionRank::stability)
          .thenComparingInt(VersionRank::major)
          .thenComparingInt(VersionRank::minor)
          .thenComparing(VersionRank::text, Comparator.reverseOrder())
          .compare(this, o);
    }
  }
}
