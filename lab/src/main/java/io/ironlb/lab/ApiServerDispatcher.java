package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher (objects stored, listed, watched, patched and deleted, status
 * subresources included) plus what kubectl needs on top of it:
 *
 * <ul>
 *   <li>discovery ({@link Discovery}), custom resources read back from the server's own CRDs;
 *   <li>server-side printing ({@code as=Table}) for Services, Events and custom resources ({@link
 *       TablePrinter}), so {@code kubectl get svc} shows EXTERNAL-IP;
 *   <li>ClusterIPs for new Services ({@link ClusterIpAllocator}), as a real API server assigns;
 *   <li>CRD schema defaults for custom resources ({@link SchemaDefaults});
 *   <li>JSON merge patch and strategic merge patch applied as a real API server does ({@link
 *       MergePatch}), so {@code kubectl apply} of a changed manifest replaces lists.
 * </ul>
 *
 * What it lacks is answered plainly rather than left to the CRUD dispatcher: no OpenAPI document
 * (404, kubectl needs {@code --validate=false}), no protobuf bodies (415, with what to do instead).
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)$");
  private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+/[^/]+)$");
  private static final Pattern SERVICE_CREATE =
      Pattern.compile("^/api/v1/namespaces/[^/]+/services$");
  private static final Pattern CORE_SERVICES =
      Pattern.compile("^/api/v1(/namespaces/[^/]+)?/services(/[^/]+)?$");
  private static final Pattern CORE_EVENTS =
      Pattern.compile("^/api/v1(/namespaces/[^/]+)?/events(/[^/]+)?$");
  private static final Pattern CUSTOM =
      Pattern.compile("^/apis/([^/]+)/([^/]+)(/namespaces/[^/]+)?/([^/]+)(/[^/]+)?$");

  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private final ClusterIpAllocator clusterIps = new ClusterIpAllocator();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if ("GET".equals(request.getMethod())) {
      Optional<MockResponse> answer = discovery(bare);
      if (answer.isEmpty() && wantsTable(request)) {
        answer = asTable(bare);
      }
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    if (String.valueOf(request.getHeader("Content-Type")).startsWith(PROTOBUF)) {
      // The CRUD dispatcher reads bodies as JSON and never answers a protobuf one.
      return status(
          415,
          "UnsupportedMediaType",
          "the lab's API server speaks JSON only; kubectl's generator commands (kubectl create"
              + " namespace|secret|configmap ...) send protobuf: use kubectl create -f or apply -f");
    }
    if ("POST".equals(request.getMethod()) && SERVICE_CREATE.matcher(bare).matches()) {
      request = withBody(request, clusterIps::complete);
    }
    if ("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())) {
      Optional<JsonNode> schema = customResourceSchema(bare);
      if (schema.isPresent()) {
        request = withBody(request, resource -> SchemaDefaults.apply(schema.get(), resource));
      }
    }
    if ("PATCH".equals(request.getMethod())) {
      String type = String.valueOf(request.getHeader("Content-Type"));
      if (type.startsWith(MERGE_PATCH) || type.startsWith(STRATEGIC_MERGE_PATCH)) {
        return mergePatch(request, bare, type.startsWith(STRATEGIC_MERGE_PATCH));
      }
    }
    return super.dispatch(request);
  }

  /**
   * Applies a JSON merge patch or strategic merge patch to the stored object ({@link MergePatch})
   * and hands the CRUD dispatcher the difference as a JSON patch, which it applies faithfully
   * (status subresource, resourceVersion, watch events). A {@code metadata.resourceVersion} in the
   * patch is a precondition, as on a real API server.
   */
  private MockResponse mergePatch(RecordedRequest request, String path, boolean strategic) {
    String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
    MockResponse stored = super.handleGet(objectPath);
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode current = readTree(stored);
    JsonNode patch;
    try {
      patch = JSON.readTree(request.getBody().readByteArray());
    } catch (IOException e) {
      return status(400, "BadRequest", "the patch is not JSON: " + e.getMessage());
    }
    String version = current.at("/metadata/resourceVersion").asText();
    String wanted = patch.at("/metadata/resourceVersion").asText(version);
    if (!wanted.equals(version)) {
      return status(
          409,
          "Conflict",
          "Operation cannot be fulfilled: the object has been modified; please apply your changes"
              + " to the latest version and try again");
    }
    JsonNode merged =
        strategic ? MergePatch.strategic(current, patch) : MergePatch.json(current, patch);
    if (merged instanceof ObjectNode resource) {
      customResourceSchema(objectPath).ifPresent(schema -> SchemaDefaults.apply(schema, resource));
    }
    if (merged.path("metadata") instanceof ObjectNode metadata) {
      metadata.put("resourceVersion", version);
    }
    byte[] ops = JsonDiff.asJson(current, merged).toString().getBytes(StandardCharsets.UTF_8);
    Headers headers = request.getHeaders().newBuilder().set("Content-Type", JSON_PATCH).build();
    return super.dispatch(
        new RecordedRequest(
            request.getRequestLine(),
            request.method(),
            request.getPath(),
            headers,
            new Buffer(ops)));
  }

  private Optional<MockResponse> discovery(String path) {
    switch (path) {
      case "/version":
        return Optional.of(json(Discovery.VERSION));
      case "/api":
        return Optional.of(json(Discovery.coreVersions()));
      case "/api/v1":
        return Discovery.resourceList("v1", JSON.createArrayNode()).map(ApiServerDispatcher::json);
      case "/apis":
        return Optional.of(json(Discovery.groupList(crds())));
      default:
        Matcher group = GROUP.matcher(path);
        if (group.matches()) {
          return Optional.of(
              Discovery.group(group.group(1), crds())
                  .map(ApiServerDispatcher::json)
                  .orElseGet(() -> notFound(path)));
        }
        Matcher gv = GROUP_VERSION.matcher(path);
        if (gv.matches()) {
          return Optional.of(
              Discovery.resourceList(gv.group(1), crds())
                  .map(ApiServerDispatcher::json)
                  .orElseGet(() -> notFound(path)));
        }
        if (path.startsWith("/openapi/")) {
          // No OpenAPI document: kubectl's client-side validation needs --validate=false.
          return Optional.of(notFound(path));
        }
        return Optional.empty();
    }
  }

  /**
   * The request with its JSON body changed by {@code change}. Reading the body consumes it: the
   * request handed on carries a fresh copy.
   */
  private static RecordedRequest withBody(RecordedRequest request, Consumer<ObjectNode> change) {
    byte[] body = request.getBody().readByteArray();
    try {
      if (JSON.readTree(body) instanceof ObjectNode object) {
        change.accept(object);
        body = object.toString().getBytes(StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      // not JSON: the CRUD dispatcher answers as it would
    }
    return new RecordedRequest(
        request.getRequestLine(),
        request.method(),
        request.getPath(),
        request.getHeaders(),
        new Buffer(body));
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table") && !request.getPath().contains("watch=");
  }

  /** A Table for Services, Events and custom resources; empty lets the plain answer stand. */
  private Optional<MockResponse> asTable(String path) {
    Optional<List<TablePrinter.Column>> columns = Optional.empty();
    if (CORE_SERVICES.matcher(path).matches()) {
      columns = Optional.of(TablePrinter.SERVICE_COLUMNS);
    } else if (CORE_EVENTS.matcher(path).matches()) {
      columns = Optional.of(TablePrinter.EVENT_COLUMNS);
    } else {
      Matcher m = CUSTOM.matcher(path);
      if (m.matches()) {
        columns = crdColumns(m.group(1), m.group(2), m.group(4));
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    MockResponse plain = super.handleGet(path);
    if (plain.code() != 200) {
      return Optional.of(plain);
    }
    return Optional.of(json(TablePrinter.table(readTree(plain), columns.get())));
  }

  private Optional<List<TablePrinter.Column>> crdColumns(
      String group, String version, String plural) {
    return crdVersion(group, version, plural).map(TablePrinter::crdColumns);
  }

  /** The {@code openAPIV3Schema} of the custom resource at {@code path}, if it is one. */
  private Optional<JsonNode> customResourceSchema(String path) {
    Matcher m = CUSTOM.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    return crdVersion(m.group(1), m.group(2), m.group(4))
        .map(v -> v.at("/schema/openAPIV3Schema"))
        .filter(JsonNode::isObject);
  }

  /** The {@code spec.versions[]} entry of the CRD serving {@code group/version/plural}. */
  private Optional<JsonNode> crdVersion(String group, String version, String plural) {
    for (JsonNode crd : crds()) {
      if (group.equals(crd.at("/spec/group").asText())
          && plural.equals(crd.at("/spec/names/plural").asText())) {
        for (JsonNode v : crd.at("/spec/versions")) {
          if (version.equals(v.path("name").asText())) {
            return Optional.of(v);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The stored CustomResourceDefinitions, read through the CRUD dispatcher's own storage. */
  private JsonNode crds() {
    MockResponse r = super.handleGet(CRDS);
    return r.code() == 200 ? readTree(r).path("items") : JSON.createArrayNode();
  }

  private static JsonNode readTree(MockResponse response) {
    try {
      return JSON.readTree(response.getBody().readUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static MockResponse notFound(String path) {
    return status(404, "NotFound", "the server could not find the requested resource " + path);
  }

  /** A failure answer in the {@code meta/v1 Status} form kubectl prints. */
  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            JSON.createObjectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Failure")
                .put("reason", reason)
                .put("message", message)
                .put("code", code)
                .toString());
  }
}
