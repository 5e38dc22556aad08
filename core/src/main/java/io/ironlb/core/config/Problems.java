package io.ironlb.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one object while it is being parsed. */
final class Problems {

  private final String kind;
  private final String namespace;
  private final String name;
  private final List<ConfigProblem> found = new ArrayList<>();

  Problems(String kind, String namespace, String name) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  void add(String field, String message) {
    found.add(new ConfigProblem(kind, namespace, name, field, message));
  }

  boolean any() {
    return !found.isEmpty();
  }

  List<ConfigProblem> list() {
    return List.copyOf(found);
  }
}
