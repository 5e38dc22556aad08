package io.ironlb.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Chooses, for every object of one kind, the version that applies: the new one when it is valid,
 * else the last valid one (or none). IronLB's rule (STYLE.md "Errors"): an invalid object never
 * hides the valid ones, it only loses its own change.
 *
 * <p>Objects of a kind can also clash with each other (overlapping pools, one alias defined twice,
 * two advertisements with different localPref for the same routes). Clashes are settled so that
 * what already applies keeps its place, deterministically:
 *
 * <ol>
 *   <li>every object that had a valid version holds it at first (a reservation);
 *   <li>those objects switch to their new version when it clashes with no other object's current
 *       version, repeated until nothing changes, so two edits that swap space both go through
 *       whatever their order, and an edit can never push out an object that stays as it was;
 *   <li>newcomers, in name order, get in when they clash with nothing; between two newcomers the
 *       one whose name sorts later is refused.
 * </ol>
 *
 * A refused new version reports the clash on its own object, naming the other one.
 */
final class Versions {

  /** What makes two versions unable to coexist, seen from {@code mine}; empty when they can. */
  interface Clash<T> {
    Optional<Conflict> between(String myName, T mine, String otherName, T other);
  }

  /** A clash: the field of the refused object at fault and what it collides with. */
  record Conflict(String field, String message) {}

  private Versions() {}

  /** Settles objects that cannot clash with each other. */
  static <T> SortedMap<String, T> settle(List<Candidate<T>> candidates, List<ConfigProblem> out) {
    return settle(candidates, (a, x, b, y) -> Optional.empty(), out);
  }

  /** Settles {@code candidates} (unique names) and reports every problem to {@code out}. */
  static <T> SortedMap<String, T> settle(
      List<Candidate<T>> candidates, Clash<T> clash, List<ConfigProblem> out) {
    Settlement<T> s = new Settlement<>(candidates, clash);
    s.reserveLastValidVersions();
    s.switchEditsUntilStable();
    s.admitNewcomers();
    return s.report(out);
  }

  /** The state of one settlement: the version each object holds so far, and why one was refused. */
  private static final class Settlement<T> {
    private final List<Candidate<T>> ordered;
    private final Clash<T> clash;
    private final Map<String, T> chosen = new TreeMap<>();
    private final Map<String, Conflict> refusals = new TreeMap<>();

    Settlement(List<Candidate<T>> candidates, Clash<T> clash) {
      this.ordered = new ArrayList<>(candidates);
      this.ordered.sort(Comparator.comparing(Candidate::name));
      this.clash = clash;
    }

    void reserveLastValidVersions() {
      for (Candidate<T> c : ordered) {
        // a previous configuration built here never clashes with itself; should a hand-made one,
        // the later name gives way so the result still has no clash
        c.previous()
            .filter(v -> firstClash(c.name(), v).isEmpty())
            .ifPresent(v -> chosen.put(c.name(), v));
      }
    }

    /** Each switch is final (old to new), so this ends after at most one pass per object. */
    void switchEditsUntilStable() {
      boolean switched = true;
      while (switched) {
        switched = false;
        for (Candidate<T> c : ordered) {
          switched |= chosen.containsKey(c.name()) && tryFresh(c);
        }
      }
    }

    void admitNewcomers() {
      for (Candidate<T> c : ordered) {
        if (!chosen.containsKey(c.name())) {
          tryFresh(c);
        }
      }
    }

    SortedMap<String, T> report(List<ConfigProblem> out) {
      for (Candidate<T> c : ordered) {
        T v = chosen.get(c.name());
        if (c.fresh().isPresent() && !c.fresh().get().equals(v)) {
          Conflict why = refusals.get(c.name()); // what refused it, at its last attempt
          c.problems().reject(why.field(), why.message());
        }
        c.problems().emit(outcome(c, v), out);
      }
      return new TreeMap<>(chosen);
    }

    /** Switches {@code c} to its new version unless that clashes; records why it did not. */
    private boolean tryFresh(Candidate<T> c) {
      if (c.fresh().isEmpty() || c.fresh().get().equals(chosen.get(c.name()))) {
        return false;
      }
      Optional<Conflict> refused = firstClash(c.name(), c.fresh().get());
      refused.ifPresent(r -> refusals.put(c.name(), r));
      if (refused.isEmpty()) {
        chosen.put(c.name(), c.fresh().get());
      }
      return refused.isEmpty();
    }

    /** The first clash of {@code version} with another object's current version, by name. */
    private Optional<Conflict> firstClash(String name, T version) {
      for (Map.Entry<String, T> other : chosen.entrySet()) {
        if (!other.getKey().equals(name)) {
          Optional<Conflict> c = clash.between(name, version, other.getKey(), other.getValue());
          if (c.isPresent()) {
            return c;
          }
        }
      }
      return Optional.empty();
    }

    private static <T> Problems.Outcome outcome(Candidate<T> c, T chosen) {
      if (chosen == null) {
        return Problems.Outcome.LEFT_OUT;
      }
      return c.fresh().isPresent() && c.fresh().get().equals(chosen)
          ? Problems.Outcome.APPLIED
          : Problems.Outcome.KEPT_PREVIOUS;
    }
  }
}
