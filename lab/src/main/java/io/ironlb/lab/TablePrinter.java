package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-side printing ({@code meta.k8s.io/v1 Table}) for the lab's API server, which kubectl needs
 * to show more than NAME and AGE: Services get the columns a real API server gives them (TYPE,
 * CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, and SELECTOR with {@code -o wide}); custom resources get
 * their CRD's {@code additionalPrinterColumns}.
 */
final class TablePrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TablePrinter() {}

  /** One printer column: header, JSON path (simple dotted form), priority. */
  record Column(String name, String type, String jsonPath, int priority) {}

  static final List<Column> SERVICE_COLUMNS =
      List.of(
          new Column("Type", "string", "svc:type", 0),
          new Column("Cluster-IP", "string", "svc:clusterIP", 0),
          new Column("External-IP", "string", "svc:externalIP", 0),
          new Column("Port(s)", "string", "svc:ports", 0),
          new Column("Age", "string", "age", 0),
          new Column("Selector", "string", "svc:selector", 1));

  /** The columns a real API server prints for core/v1 Events. */
  static final List<Column> EVENT_COLUMNS =
      List.of(
          new Column("Last Seen", "string", "event:lastSeen", 0),
          new Column("Type", "string", ".type", 0),
          new Column("Reason", "string", ".reason", 0),
          new Column("Object", "string", "event:object", 0),
          new Column("Message", "string", ".message", 0));

  /** Columns of a CRD version: its printer columns, plus Age when it has none of its own. */
  static List<Column> crdColumns(JsonNode crdVersion) {
    List<Column> out = new ArrayList<>();
    for (JsonNode c : crdVersion.path("additionalPrinterColumns")) {
      out.add(
          new Column(
              c.path("name").asText(),
              c.path("type").asText("string"),
              c.path("jsonPath").asText(),
              c.path("priority").asInt(0)));
    }
    if (out.stream().noneMatch(c -> c.jsonPath().equals(".metadata.creationTimestamp"))) {
      out.add(new Column("Age", "string", "age", 0));
    }
    return out;
  }

  /** The Table for a list ({@code items}) or a single object. */
  static String table(JsonNode listOrObject, List<Column> columns) {
    ObjectNode table =
        JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", listOrObject.at("/metadata/resourceVersion").asText(""));
    ArrayNode defs = table.putArray("columnDefinitions");
    defs.addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "")
        .put("priority", 0);
    for (Column c : columns) {
      defs.addObject()
          .put("name", c.name())
          .put("type", "string")
          .put("format", "")
          .put("description", "")
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    JsonNode items =
        listOrObject.has("items")
            ? listOrObject.get("items")
            : JSON.createArrayNode().add(listOrObject);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.at("/metadata/name").asText());
      for (Column c : columns) {
        cells.add(cell(item, c.jsonPath()));
      }
      ObjectNode obj = row.putObject("object");
      obj.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      obj.set("metadata", item.path("metadata"));
    }
    return table.toString();
  }

  private static String cell(JsonNode item, String path) {
    switch (path) {
      case "age":
        return age(item.at("/metadata/creationTimestamp").asText(""));
      case "svc:type":
        return item.at("/spec/type").asText("ClusterIP");
      case "svc:clusterIP":
        return item.at("/spec/clusterIP").asText("<none>");
      case "svc:externalIP":
        return externalIp(item);
      case "svc:ports":
        return ports(item.at("/spec/ports"));
      case "svc:selector":
        return selector(item.at("/spec/selector"));
      case "event:lastSeen":
        return age(
            firstNonEmpty(
                item.path("lastTimestamp").asText(""),
                item.path("eventTime").asText(""),
                item.at("/metadata/creationTimestamp").asText("")));
      case "event:object":
        return item.at("/involvedObject/kind").asText("").toLowerCase(Locale.ROOT)
            + "/"
            + item.at("/involvedObject/name").asText("");
      default:
        if (path.equals(".metadata.creationTimestamp")) {
          return age(item.at("/metadata/creationTimestamp").asText(""));
        }
        JsonNode v = item.at(path.replace('.', '/'));
        if (v.isMissingNode() || v.isNull()) {
          return "";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  private static String externalIp(JsonNode svc) {
    List<String> ips = new ArrayList<>();
    for (JsonNode in : svc.at("/status/loadBalancer/ingress")) {
      ips.add(in.has("ip") ? in.get("ip").asText() : in.path("hostname").asText());
    }
    if (!ips.isEmpty()) {
      return String.join(",", ips);
    }
    return "LoadBalancer".equals(svc.at("/spec/type").asText()) ? "<pending>" : "<none>";
  }

  private static String ports(JsonNode ports) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : ports) {
      String node = p.has("nodePort") ? ":" + p.get("nodePort").asText() : "";
      out.add(p.path("port").asText() + node + "/" + p.path("protocol").asText("TCP"));
    }
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  private static String selector(JsonNode sel) {
    List<String> out = new ArrayList<>();
    sel.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  /** kubectl's short human age: 42s, 5m3s, 3h, 2d. */
  static String age(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    Instant at;
    try {
      // eventTime is a MicroTime with fractional seconds; Instant.parse reads both forms
      at = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    Duration d = Duration.between(at, Instant.now());
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 3 * 3600) {
      return (s / 60) + "m";
    }
    if (s < 48 * 3600) {
      return (s / 3600) + "h";
    }
    return (s / 86400) + "d";
  }
}
