package io.ironlb.core.config;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One object of one kind during a parse: its problems, its new version when that is valid on its
 * own, and its last valid version from the previous configuration.
 *
 * @param problems what is wrong with the object (its name is the object's name)
 * @param fresh the version parsed from the current object; empty when it was rejected
 * @param previous the version the previous configuration held under this name, if any and still
 *     usable with the current configuration
 */
record Candidate<T>(Problems problems, Optional<T> fresh, Optional<T> previous) {

  String name() {
    return problems.name();
  }

  /**
   * A candidate whose new version is built by {@code parsed}, unless {@code problems} already
   * rejected it (then nothing is built: a rejected version may not even be constructible).
   */
  static <T> Candidate<T> of(Problems problems, Supplier<T> parsed, Optional<T> previous) {
    return new Candidate<>(
        problems, problems.rejected() ? Optional.empty() : Optional.of(parsed.get()), previous);
  }
}
