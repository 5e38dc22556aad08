package io.ironlb.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Structural-schema defaulting of custom resources, as the API server does on every write
 * (Kubernetes docs, "CustomResourceDefinitions: Defaulting"): a field that is absent and whose
 * schema has a {@code default} gets that value, at every depth, inside list items and map values
 * too; {@code metadata} is never defaulted. Without it a pool applied to the lab would lack the
 * {@code autoAssign: true} a real cluster stores.
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  /** Fills in the defaults of {@code schema} (a CRD version's {@code openAPIV3Schema}). */
  static void apply(JsonNode schema, ObjectNode resource) {
    JsonNode metadata = resource.remove("metadata");
    fill(schema, resource);
    if (metadata != null) {
      resource.set("metadata", metadata);
    }
  }

  private static void fill(JsonNode schema, JsonNode node) {
    if (node instanceof ObjectNode obj) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        String name = property.getKey();
        if (!obj.has(name) && property.getValue().has("default")) {
          obj.set(name, property.getValue().get("default").deepCopy());
        }
        if (obj.has(name)) {
          fill(property.getValue(), obj.get(name));
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        obj.fields()
            .forEachRemaining(
                e -> {
                  if (!properties.has(e.getKey())) {
                    fill(additional, e.getValue());
                  }
                });
      }
    } else if (node.isArray() && schema.path("items").isObject()) {
      node.forEach(item -> fill(schema.get("items"), item));
    }
  }
}
