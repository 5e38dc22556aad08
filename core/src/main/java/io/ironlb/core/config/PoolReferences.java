package io.ironlb.core.config;

import io.ironlb.api.v1beta1.AdvertisementSelection;
import io.ironlb.core.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How advertisements refer to pools: reads {@code ipAddressPools} / {@code ipAddressPoolSelectors}
 * (V5 duplicates) and resolves them against the settled pools. An advertisement naming a pool that
 * does not exist or was left out only loses that reference (IronLB rule), with a note.
 */
final class PoolReferences {

  private final PoolCatalog catalog;

  PoolReferences(PoolCatalog catalog) {
    this.catalog = catalog;
  }

  PoolCatalog catalog() {
    return catalog;
  }

  /** The selection written in {@code spec}; duplicates and bad selectors are rejected. */
  PoolSelection selection(AdvertisementSelection spec, Problems p) {
    List<String> given = spec.getIpAddressPools() == null ? List.of() : spec.getIpAddressPools();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      if (names.contains(given.get(i))) {
        p.reject("spec.ipAddressPools[" + i + "]", "duplicate pool \"" + given.get(i) + "\"");
      } else {
        names.add(given.get(i));
      }
    }
    List<LabelSelector> selectors =
        Selectors.list(spec.getIpAddressPoolSelectors(), "spec.ipAddressPoolSelectors", p);
    return new PoolSelection(names, selectors);
  }

  /**
   * The pools {@code selection} reaches now, sorted by name. Names that reach no pool are noted on
   * {@code notes} (when given) and dropped.
   */
  List<String> resolve(PoolSelection selection, Problems notes) {
    if (selection.selectsAll()) {
      return List.copyOf(catalog.pools().keySet());
    }
    TreeSet<String> out = new TreeSet<>();
    for (int i = 0; i < selection.names().size(); i++) {
      String name = selection.names().get(i);
      if (catalog.pools().containsKey(name)) {
        out.add(name);
      } else if (notes != null) {
        notes.note(
            "spec.ipAddressPools[" + i + "]",
            (catalog.declared().contains(name)
                    ? "IPAddressPool \"" + name + "\" is invalid and left out"
                    : "unknown IPAddressPool \"" + name + "\"")
                + "; reference ignored");
      }
    }
    for (String pool : catalog.pools().keySet()) {
      if (selection.selectors().stream().anyMatch(s -> s.matches(catalog.labelsOf(pool)))) {
        out.add(pool);
      }
    }
    return List.copyOf(out);
  }
}
