package io.ironlb.lab;

import java.util.List;
import java.util.Objects;

/**
 * One entry of an {@code APIResourceList} (the discovery document of one group/version): a resource
 * or a subresource such as {@code services/status}.
 *
 * @param name plural name, or {@code plural/subresource}
 * @param kind the kind the resource serves
 * @param namespaced whether objects live in a namespace
 * @param shortNames kubectl aliases ({@code svc}, {@code ns}); may be empty
 * @param categories groups of resources kubectl can name at once ({@code kubectl get all})
 */
record ApiResource(
    String name,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories) {

  private static final List<String> OBJECT_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  ApiResource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
  }

  static ApiResource of(String name, String kind, boolean namespaced, String... shortNames) {
    return new ApiResource(name, kind, namespaced, List.of(shortNames), List.of());
  }

  /** This resource in the given categories. */
  ApiResource in(String... categories) {
    return new ApiResource(name, kind, namespaced, shortNames, List.of(categories));
  }

  /** The {@code plural/status} subresource of this resource. */
  ApiResource status() {
    return new ApiResource(name + "/status", kind, namespaced, List.of(), List.of());
  }

  boolean isSubresource() {
    return name.contains("/");
  }

  /** What kubectl may do with it: subresources are only read and written, never listed. */
  List<String> verbs() {
    return isSubresource() ? SUBRESOURCE_VERBS : OBJECT_VERBS;
  }
}
