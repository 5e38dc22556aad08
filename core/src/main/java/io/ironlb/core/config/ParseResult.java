package io.ironlb.core.config;

import java.util.List;

/**
 * A parse: the configuration to use (valid objects, and invalid ones at their last valid version)
 * and every problem found.
 */
public record ParseResult(Config config, List<ConfigProblem> problems) {

  public ParseResult {
    problems = List.copyOf(problems);
  }
}
