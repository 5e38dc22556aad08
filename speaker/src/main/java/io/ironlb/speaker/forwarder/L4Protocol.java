package io.ironlb.speaker.forwarder;

/** The transport a forwarder listener accepts, as a Service port's {@code protocol} names it. */
public enum L4Protocol {
  TCP,
  UDP
}
