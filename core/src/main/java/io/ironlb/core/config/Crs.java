package io.ironlb.core.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading the metadata of the CRs a configuration is made of. */
final class Crs {

  private Crs() {}

  /**
   * The objects sorted by name, so parsing never depends on the order informers list them. A name
   * given twice (impossible through the API, V23) keeps its first object and reports the others.
   */
  static <T extends HasMetadata> List<T> byName(List<T> crs, String kind, List<ConfigProblem> out) {
    List<T> sorted = new ArrayList<>(crs);
    sorted.sort(Comparator.comparing(Crs::name));
    Set<String> seen = new HashSet<>();
    List<T> unique = new ArrayList<>();
    for (T cr : sorted) {
      if (seen.add(name(cr))) {
        unique.add(cr);
      } else {
        out.add(
            new ConfigProblem(
                kind,
                cr.getMetadata().getNamespace(),
                name(cr),
                "metadata.name",
                "duplicate definition of " + kind + " \"" + name(cr) + "\"; ignored"));
      }
    }
    return unique;
  }

  static String name(HasMetadata cr) {
    return cr.getMetadata().getName();
  }

  static Map<String, String> labels(HasMetadata cr) {
    Map<String, String> l = cr.getMetadata().getLabels();
    return l == null ? Map.of() : Map.copyOf(l);
  }

  /** A problem collector for {@code cr}. */
  static Problems problems(HasMetadata cr, String kind) {
    return new Problems(kind, cr.getMetadata().getNamespace(), name(cr));
  }

  /** Null and empty strings are both "unset" in MetalLB's Go types. */
  static boolean isSet(String s) {
    return s != null && !s.isEmpty();
  }
}
