package io.ironlb.core.forwarder;

import java.util.Objects;

/**
 * An {@code ironlb.io/} annotation whose value IronLB cannot use, and what it did instead.
 *
 * @param owner what carries the annotation, in words ({@code Service}, {@code IPAddressPool
 *     "blue"})
 * @param annotation the annotation's key
 * @param value the value found
 * @param message the whole sentence for an Event or a log line
 */
public record AnnotationProblem(String owner, String annotation, String value, String message) {

  public AnnotationProblem {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(annotation, "annotation");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(message, "message");
  }
}
