package io.ironlb.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with one object while it is parsed. A rejection makes the object's new
 * version unusable; a note reports something IronLB worked around (an unknown pool reference is
 * dropped) while the object still applies.
 */
final class Problems {

  /** What finally happened to the object, appended to each rejection so a user knows the effect. */
  enum Outcome {
    APPLIED(""),
    KEPT_PREVIOUS("; keeping the last valid version"),
    LEFT_OUT("; left out");

    private final String suffix;

    Outcome(String suffix) {
      this.suffix = suffix;
    }
  }

  private record Entry(String field, String message, boolean rejects) {}

  private final String kind;
  private final String namespace;
  private final String name;
  private final List<Entry> entries = new ArrayList<>();

  Problems(String kind, String namespace, String name) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  /** The new version cannot be used because of {@code field}. */
  void reject(String field, String message) {
    entries.add(new Entry(field, message, true));
  }

  /** Something at {@code field} was ignored; the message says what. The object still applies. */
  void note(String field, String message) {
    entries.add(new Entry(field, message, false));
  }

  boolean rejected() {
    return entries.stream().anyMatch(Entry::rejects);
  }

  String name() {
    return name;
  }

  /** Adds every problem to {@code out}, rejections completed with the outcome. */
  void emit(Outcome outcome, List<ConfigProblem> out) {
    for (Entry e : entries) {
      String message = e.rejects() ? e.message() + outcome.suffix : e.message();
      out.add(new ConfigProblem(kind, namespace, name, e.field(), message));
    }
  }
}
