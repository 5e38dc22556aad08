package io.ironlb.core.alloc;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code spec.ports[]} entry as the sharing rules see it: TCP/53 and UDP/53 are different.
 *
 * @param protocol TCP, UDP or SCTP (upper case; null means TCP, the API server's default)
 * @param port the Service port
 */
public record ServicePort(String protocol, int port) {

  public ServicePort {
    protocol = protocol == null ? "TCP" : protocol.toUpperCase(Locale.ROOT);
    Objects.checkIndex(port, 65536);
  }

  @Override
  public String toString() {
    return protocol + "/" + port;
  }
}
