package io.ironlb.core.forwarder;

import java.util.List;
import java.util.Objects;

/**
 * The {@code ipMode} a Service's ingress entries get, and the annotation problems met on the way.
 *
 * @param mode the mode to write
 * @param problems invalid annotation values that were ignored (empty when all were fine)
 */
public record IpModeChoice(IpMode mode, List<AnnotationProblem> problems) {

  public IpModeChoice {
    Objects.requireNonNull(mode, "mode");
    problems = List.copyOf(problems);
  }
}
