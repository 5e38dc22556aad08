package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two merge patches kubectl sends: JSON merge patch (RFC 7386; {@code kubectl apply} on custom
 * resources, fabric8's {@code patchStatus}) and Kubernetes' strategic merge patch ({@code kubectl
 * apply} on built-in kinds). fabric8's mock server merges lists instead of replacing them and keeps
 * the strategic directives as fields, so the lab's server applies these itself.
 *
 * <p>The strategic form follows {@code k8s.io/apimachinery/pkg/util/strategicpatch}: lists with
 * {@code patchStrategy: merge} are merged by their {@code patchMergeKey} (a table of the fields the
 * lab's kinds have, {@link #MERGE_KEYS}); every other list is replaced. Directives: {@code $patch}
 * (replace, delete), {@code $retainKeys}, {@code $setElementOrder/FIELD} and {@code
 * $deleteFromPrimitiveList/FIELD}.
 */
final class MergePatch {

  /**
   * Merge keys of the merge-strategy lists of the kinds the lab serves, by field path without list
   * indices (from the {@code patchMergeKey} tags in k8s.io/api). An empty key marks a list of
   * scalars merged as a set.
   */
  static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("metadata.ownerReferences", "uid"),
          Map.entry("metadata.finalizers", ""),
          Map.entry("spec.ports", "port"),
          Map.entry("status.conditions", "type"),
          Map.entry("status.addresses", "type"),
          Map.entry("spec.containers", "name"),
          Map.entry("spec.initContainers", "name"),
          Map.entry("spec.ephemeralContainers", "name"),
          Map.entry("spec.containers.ports", "containerPort"),
          Map.entry("spec.containers.env", "name"),
          Map.entry("spec.containers.volumeMounts", "mountPath"),
          Map.entry("spec.initContainers.env", "name"),
          Map.entry("spec.initContainers.volumeMounts", "mountPath"),
          Map.entry("spec.volumes", "name"),
          Map.entry("spec.imagePullSecrets", "name"),
          Map.entry("spec.hostAliases", "ip"),
          Map.entry("status.podIPs", "ip"),
          Map.entry("secrets", "name"));

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

  private MergePatch() {}

  /** RFC 7386: objects merge, {@code null} removes a field, anything else replaces. */
  static JsonNode json(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : obj();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                out.set(e.getKey(), json(out.get(e.getKey()), e.getValue()));
              }
            });
    return out;
  }

  /** Kubernetes' strategic merge patch, for the fields in {@link #MERGE_KEYS}. */
  static JsonNode strategic(JsonNode target, JsonNode patch) {
    return strategic(target, patch, "");
  }

  private static JsonNode strategic(JsonNode target, JsonNode patch, String path) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    if ("replace".equals(patch.path(PATCH).asText())) {
      ObjectNode replaced = ((ObjectNode) patch).deepCopy();
      replaced.remove(PATCH);
      return replaced;
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : obj();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      String field = join(path, key);
      if (key.startsWith(DELETE_PRIMITIVE)) {
        deleteFromList(out, key.substring(DELETE_PRIMITIVE.length()), value);
      } else if (key.startsWith("$")) {
        continue; // $setElementOrder and $retainKeys are applied below, $patch above
      } else if (value.isNull() || "delete".equals(value.path(PATCH).asText())) {
        out.remove(key);
      } else if (value.isArray() && MERGE_KEYS.containsKey(field)) {
        out.set(key, mergeList(out.path(key), (ArrayNode) value, field));
      } else {
        out.set(key, strategic(out.get(key), value, field));
      }
    }
    patch.fields().forEachRemaining(e -> applyOrder(out, e.getKey(), e.getValue(), path));
    if (patch.has(RETAIN_KEYS)) {
      Set<String> keep = new HashSet<>();
      patch.get(RETAIN_KEYS).forEach(k -> keep.add(k.asText()));
      out.retain(keep);
    }
    return out;
  }

  private static ArrayNode mergeList(JsonNode current, ArrayNode patch, String field) {
    String mergeKey = MERGE_KEYS.get(field);
    ArrayNode out = current.isArray() ? ((ArrayNode) current).deepCopy() : arr();
    for (JsonNode element : patch) {
      if ("replace".equals(element.path(PATCH).asText())) {
        // a {"$patch": "replace"} element: the list is exactly the patch's other elements
        ArrayNode replaced = arr();
        patch.forEach(
            other -> {
              if (!other.has(PATCH)) {
                replaced.add(other.deepCopy());
              }
            });
        return replaced;
      }
    }
    for (JsonNode element : patch) {
      if (mergeKey.isEmpty()) {
        if (!contains(out, element)) {
          out.add(element.deepCopy());
        }
        continue;
      }
      int at = indexByKey(out, mergeKey, element.path(mergeKey));
      if ("delete".equals(element.path(PATCH).asText())) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        out.set(at, strategic(out.get(at), element, field));
      } else {
        out.add(strategic(null, element, field));
      }
    }
    return out;
  }

  /** {@code $setElementOrder/FIELD}: the listed elements first, in that order, then the rest. */
  private static void applyOrder(ObjectNode out, String key, JsonNode order, String path) {
    if (!key.startsWith(ORDER) || !out.path(key.substring(ORDER.length())).isArray()) {
      return;
    }
    String field = key.substring(ORDER.length());
    String mergeKey = MERGE_KEYS.getOrDefault(join(path, field), "");
    ArrayNode list = (ArrayNode) out.get(field);
    List<JsonNode> sorted = new ArrayList<>();
    for (JsonNode wanted : order) {
      JsonNode id = mergeKey.isEmpty() ? wanted : wanted.path(mergeKey);
      for (JsonNode element : list) {
        JsonNode elementId = mergeKey.isEmpty() ? element : element.path(mergeKey);
        if (elementId.equals(id) && !sorted.contains(element)) {
          sorted.add(element);
        }
      }
    }
    list.forEach(
        element -> {
          if (!sorted.contains(element)) {
            sorted.add(element);
          }
        });
    ArrayNode reordered = out.putArray(field);
    sorted.forEach(reordered::add);
  }

  private static void deleteFromList(ObjectNode out, String field, JsonNode values) {
    if (out.path(field).isArray()) {
      ArrayNode kept = arr();
      out.get(field)
          .forEach(
              v -> {
                if (!contains(values, v)) {
                  kept.add(v);
                }
              });
      out.set(field, kept);
    }
  }

  private static int indexByKey(ArrayNode list, String mergeKey, JsonNode id) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).path(mergeKey).equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode v : list) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static ObjectNode obj() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static ArrayNode arr() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
