package io.ironlb.core.forwarder;

import java.util.Optional;

/**
 * Whether the forwarder opens each relayed TCP connection with a PROXY protocol header (HAProxy's
 * PROXY protocol specification, versions 1 and 2), so the backend learns the client's address.
 */
public enum ProxyProtocol {
  /** No header: the backend sees the node's address as the client (the default). */
  NONE("none"),
  /** The human-readable v1 line, {@code PROXY TCP4 src dst sport dport\r\n}. */
  V1("v1"),
  /** The binary v2 header. */
  V2("v2");

  private final String annotationValue;

  ProxyProtocol(String annotationValue) {
    this.annotationValue = annotationValue;
  }

  /** The value of {@code ironlb.io/proxy-protocol} that selects this. */
  public String annotationValue() {
    return annotationValue;
  }

  /** The version spelled {@code text} (case-insensitive), if it is one. */
  public static Optional<ProxyProtocol> fromAnnotation(String text) {
    for (ProxyProtocol p : values()) {
      if (p.annotationValue.equalsIgnoreCase(text.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
