package io.ironlb.core.config;

import io.ironlb.api.v1beta1.Community;
import io.ironlb.api.v1beta1.CommunitySpec.CommunityAlias;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Validates Community objects: each alias has a name and a valid value (V11), and no alias name is
 * defined twice (V13), within one object or across objects. A Community object is one unit: if any
 * alias is wrong, the whole object keeps its last valid aliases (or contributes none). Between two
 * objects defining one alias, the one that already applies keeps it (see {@link Versions}).
 */
final class CommunityParser {

  static final String KIND = "Community";

  private CommunityParser() {}

  /** The aliases of the new configuration, by alias name. */
  static SortedMap<String, io.ironlb.core.config.CommunityAlias> parse(
      List<Community> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<List<io.ironlb.core.config.CommunityAlias>>> candidates = new ArrayList<>();
    Map<String, Map<String, Integer>> positions = new HashMap<>();
    for (Community cr : Crs.byName(crs, KIND, out)) {
      Map<String, Integer> at = new HashMap<>();
      candidates.add(parseOne(cr, at, previous));
      positions.put(Crs.name(cr), at);
    }
    SortedMap<String, List<io.ironlb.core.config.CommunityAlias>> settled =
        Versions.settle(
            candidates,
            (a, mine, b, other) -> sameAlias(mine, b, other, positions.getOrDefault(a, Map.of())),
            out);
    SortedMap<String, io.ironlb.core.config.CommunityAlias> aliases = new TreeMap<>();
    settled.values().forEach(list -> list.forEach(alias -> aliases.put(alias.name(), alias)));
    return aliases;
  }

  private static Candidate<List<io.ironlb.core.config.CommunityAlias>> parseOne(
      Community cr, Map<String, Integer> positions, Config previous) {
    Problems p = Crs.problems(cr, KIND);
    List<CommunityAlias> given =
        cr.getSpec() == null || cr.getSpec().getCommunities() == null
            ? List.of()
            : cr.getSpec().getCommunities();
    List<io.ironlb.core.config.CommunityAlias> aliases = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String field = "spec.communities[" + i + "]";
      CommunityAlias a = given.get(i);
      if (!Crs.isSet(a.getName())) {
        p.reject(field + ".name", "alias without a name");
      } else if (positions.containsKey(a.getName())) {
        p.reject(field + ".name", "duplicate definition of community \"" + a.getName() + "\"");
      } else if (a.getValue() == null) {
        p.reject(field + ".value", "missing community value");
      } else {
        positions.put(a.getName(), i);
        try {
          aliases.add(
              new io.ironlb.core.config.CommunityAlias(
                  a.getName(), BgpCommunity.parse(a.getValue()), Crs.name(cr)));
        } catch (IllegalArgumentException e) {
          p.reject(field + ".value", e.getMessage());
        }
      }
    }
    aliases.sort(Comparator.comparing(io.ironlb.core.config.CommunityAlias::name));
    List<io.ironlb.core.config.CommunityAlias> before =
        previous.communities().values().stream()
            .filter(alias -> alias.definedBy().equals(Crs.name(cr)))
            .toList();
    return Candidate.of(
        p, () -> List.copyOf(aliases), before.isEmpty() ? Optional.empty() : Optional.of(before));
  }

  /** V13 across objects: an alias of {@code mine} that {@code other} defines too. */
  private static Optional<Versions.Conflict> sameAlias(
      List<io.ironlb.core.config.CommunityAlias> mine,
      String otherName,
      List<io.ironlb.core.config.CommunityAlias> other,
      Map<String, Integer> positions) {
    for (io.ironlb.core.config.CommunityAlias alias : mine) {
      if (other.stream().anyMatch(o -> o.name().equals(alias.name()))) {
        Integer i = positions.get(alias.name());
        return Optional.of(
            new Versions.Conflict(
                i == null ? "spec.communities" : "spec.communities[" + i + "].name",
                "duplicate definition of community \""
                    + alias.name()
                    + "\": Community \""
                    + otherName
                    + "\" defines it"));
      }
    }
    return Optional.empty();
  }
}
