package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher plus the API discovery kubectl needs before it does anything: {@code
 * /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP/VERSION} and {@code /version}. Custom
 * resources appear in discovery as soon as their CustomResourceDefinition is stored, read back from
 * the server's own storage. Answers are plain JSON, so kubectl falls back from aggregated discovery
 * and from server-side table printing to the forms it always supports.
 */
final class DiscoveryDispatcher extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)$");

  /** Built-in resources served: name, kind, namespaced, short names. */
  private static final List<Object[]> CORE =
      List.of(
          new Object[] {"namespaces", "Namespace", false, "ns"},
          new Object[] {"services", "Service", true, "svc"},
          new Object[] {"services/status", "Service", true, null},
          new Object[] {"endpoints", "Endpoints", true, "ep"},
          new Object[] {"events", "Event", true, "ev"},
          new Object[] {"nodes", "Node", false, "no"},
          new Object[] {"nodes/status", "Node", false, null},
          new Object[] {"pods", "Pod", true, "po"},
          new Object[] {"secrets", "Secret", true, null},
          new Object[] {"configmaps", "ConfigMap", true, "cm"},
          new Object[] {"serviceaccounts", "ServiceAccount", true, "sa"});

  private static final Map<String, List<Object[]>> BUILTIN_GROUPS =
      Map.of(
          "discovery.k8s.io/v1",
          List.<Object[]>of(new Object[] {"endpointslices", "EndpointSlice", true, null}),
          "apiextensions.k8s.io/v1",
          List.<Object[]>of(
              new Object[] {"customresourcedefinitions", "CustomResourceDefinition", false, "crd"}),
          "coordination.k8s.io/v1",
          List.<Object[]>of(new Object[] {"leases", "Lease", true, null}));

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    if ("GET".equals(request.getMethod())) {
      switch (bare) {
        case "/version":
          return json(
              "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0-ironlb-lab\","
                  + "\"platform\":\"linux/amd64\"}");
        case "/api":
          return json(
              "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}");
        case "/api/v1":
          return json(resourceList("v1", CORE));
        case "/apis":
          return json(groupList());
        default:
          Matcher m = GROUP_VERSION.matcher(bare);
          if (m.matches()) {
            String gv = m.group(1) + "/" + m.group(2);
            List<Object[]> builtin = BUILTIN_GROUPS.get(gv);
            List<Object[]> resources =
                builtin != null ? builtin : customResources(m.group(1), m.group(2));
            if (resources.isEmpty()) {
              return new MockResponse()
                  .setResponseCode(404)
                  .setBody("{\"kind\":\"Status\",\"code\":404}");
            }
            return json(resourceList(gv, resources));
          }
          if (bare.startsWith("/openapi/")) {
            return new MockResponse()
                .setResponseCode(404)
                .setBody("{\"kind\":\"Status\",\"code\":404}");
          }
      }
    }
    if ("POST".equals(request.getMethod()) && SERVICE_CREATE.matcher(bare).matches()) {
      request = withClusterIp(request);
    }
    if ("GET".equals(request.getMethod()) && wantsTable(request)) {
      MockResponse table = asTable(bare);
      if (table != null) {
        return table;
      }
    }
    return super.dispatch(request);
  }

  private static final Pattern SERVICE_CREATE =
      Pattern.compile("^/api/v1/namespaces/[^/]+/services$");
  private final java.util.concurrent.atomic.AtomicInteger nextClusterIp =
      new java.util.concurrent.atomic.AtomicInteger(10);

  /**
   * Gives a new Service a ClusterIP from 10.96.0.0/16 when it has none, as a real API server's IP
   * allocator does (headless and ExternalName Services excepted), so manifests need not carry one.
   */
  private RecordedRequest withClusterIp(RecordedRequest request) {
    // reading the body consumes it: every path below hands on a fresh copy
    byte[] original = request.getBody().readByteArray();
    byte[] body = original;
    try {
      JsonNode tree = JSON.readTree(original);
      if (tree instanceof ObjectNode svc
          && svc.get("spec") instanceof ObjectNode spec
          && !spec.hasNonNull("clusterIP")
          && !"ExternalName".equals(spec.path("type").asText())) {
        int n = nextClusterIp.getAndIncrement();
        String ip = "10.96." + (n / 254) + "." + (n % 254 + 1);
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        spec.putArray("ipFamilies").add("IPv4");
        spec.put("ipFamilyPolicy", "SingleStack");
        body = svc.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      // not JSON: let the CRUD dispatcher answer as it would
    }
    return new RecordedRequest(
        request.getRequestLine(),
        request.method(),
        request.getPath(),
        request.getHeaders(),
        new io.fabric8.mockwebserver.http.Buffer(body));
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table") && !request.getPath().contains("watch=");
  }

  private static final Pattern CORE_SERVICES =
      Pattern.compile("^/api/v1(/namespaces/[^/]+)?/services(/[^/]+)?$");
  private static final Pattern CUSTOM =
      Pattern.compile("^/apis/([^/]+)/([^/]+)(/namespaces/[^/]+)?/([^/]+)(/[^/]+)?$");

  /** A Table for Services and custom resources, or null to let the default answer stand. */
  private MockResponse asTable(String path) {
    List<TablePrinter.Column> columns = null;
    if (CORE_SERVICES.matcher(path).matches()) {
      columns = TablePrinter.SERVICE_COLUMNS;
    } else {
      Matcher m = CUSTOM.matcher(path);
      if (m.matches()) {
        columns = crdColumns(m.group(1), m.group(2), m.group(4));
      }
    }
    if (columns == null) {
      return null;
    }
    MockResponse plain = super.handleGet(path);
    if (plain.code() != 200) {
      return plain;
    }
    try {
      return json(TablePrinter.table(JSON.readTree(plain.getBody().readUtf8()), columns));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<TablePrinter.Column> crdColumns(String group, String version, String plural) {
    for (JsonNode crd : crds()) {
      if (group.equals(crd.at("/spec/group").asText())
          && plural.equals(crd.at("/spec/names/plural").asText())) {
        for (JsonNode v : crd.at("/spec/versions")) {
          if (version.equals(v.path("name").asText())) {
            return TablePrinter.crdColumns(v);
          }
        }
      }
    }
    return null;
  }

  private static MockResponse json(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private String groupList() {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    Map<String, java.util.Set<String>> all = new java.util.TreeMap<>();
    BUILTIN_GROUPS.keySet().forEach(gv -> addGroupVersion(all, gv));
    for (JsonNode crd : crds()) {
      String group = crd.at("/spec/group").asText();
      for (JsonNode v : crd.at("/spec/versions")) {
        addGroupVersion(all, group + "/" + v.get("name").asText());
      }
    }
    all.forEach(
        (group, versions) -> {
          ObjectNode g = groups.addObject().put("name", group);
          ArrayNode vs = g.putArray("versions");
          versions.forEach(
              v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
          String preferred =
              versions.stream()
                  .sorted(java.util.Comparator.reverseOrder())
                  .findFirst()
                  .orElseThrow();
          g.putObject("preferredVersion")
              .put("groupVersion", group + "/" + preferred)
              .put("version", preferred);
        });
    return list.toString();
  }

  private static void addGroupVersion(Map<String, java.util.Set<String>> all, String gv) {
    String[] p = gv.split("/");
    all.computeIfAbsent(p[0], k -> new java.util.TreeSet<>()).add(p[1]);
  }

  private List<Object[]> customResources(String group, String version) {
    List<Object[]> out = new java.util.ArrayList<>();
    for (JsonNode crd : crds()) {
      if (!group.equals(crd.at("/spec/group").asText())) {
        continue;
      }
      for (JsonNode v : crd.at("/spec/versions")) {
        if (version.equals(v.get("name").asText())) {
          String plural = crd.at("/spec/names/plural").asText();
          String kind = crd.at("/spec/names/kind").asText();
          boolean namespaced = "Namespaced".equals(crd.at("/spec/scope").asText());
          out.add(new Object[] {plural, kind, namespaced, null});
          if (v.at("/subresources/status").isObject()) {
            out.add(new Object[] {plural + "/status", kind, namespaced, null});
          }
        }
      }
    }
    return out;
  }

  private Iterable<JsonNode> crds() {
    MockResponse r = super.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    if (r.code() != 200) {
      return List.of();
    }
    try {
      return JSON.readTree(r.getBody().readUtf8()).path("items");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resourceList(String groupVersion, List<Object[]> resources) {
    ObjectNode list =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode arr = list.putArray("resources");
    for (Object[] r : resources) {
      String name = (String) r[0];
      ObjectNode n =
          arr.addObject().put("name", name).put("singularName", "").put("kind", (String) r[1]);
      n.put("namespaced", (Boolean) r[2]);
      ArrayNode verbs = n.putArray("verbs");
      if (name.endsWith("/status")) {
        List.of("get", "patch", "update").forEach(verbs::add);
      } else {
        List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
            .forEach(verbs::add);
      }
      if (r[3] != null) {
        n.putArray("shortNames").add((String) r[3]);
      }
    }
    return list.toString();
  }
}
