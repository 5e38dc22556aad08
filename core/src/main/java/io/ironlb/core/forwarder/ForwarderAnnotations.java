package io.ironlb.core.forwarder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads IronLB's forwarder annotations. Unset and blank values mean the default; an invalid value
 * also means the default, and is reported as an {@link AnnotationProblem} so the controller can say
 * so in a Warning Event (the Service keeps working in the mode that needs nothing from IronLB).
 *
 * <pre>
 * ironlb.io/ip-mode              VIP | Proxy                           Service, or IPAddressPool
 * ironlb.io/proxy-protocol       none | v1 | v2                        Service
 * ironlb.io/forwarder-targets    local | round-robin | least-connections   Service
 * </pre>
 */
public final class ForwarderAnnotations {

  /** Selects {@link IpMode}; on an IPAddressPool it is the default of the pool's Services. */
  public static final String IP_MODE = "ironlb.io/ip-mode";

  /** Selects the {@link ProxyProtocol} header of a Proxy-mode Service. */
  public static final String PROXY_PROTOCOL = "ironlb.io/proxy-protocol";

  /** Selects the {@link TargetPolicy} of a Proxy-mode Service. */
  public static final String TARGETS = "ironlb.io/forwarder-targets";

  private ForwarderAnnotations() {}

  /**
   * The Service's ingress mode: its own annotation if set, else its pool's, else VIP. An invalid
   * value on the Service gives VIP (not the pool's choice), so a typo never turns on the forwarder.
   *
   * @param service the Service's annotations
   * @param poolName the pool the Service's IPs come from, for messages
   * @param pool that pool's annotations (empty when the Service has no pool yet)
   */
  public static IpModeChoice ipMode(
      Map<String, String> service, String poolName, Map<String, String> pool) {
    List<AnnotationProblem> problems = new ArrayList<>();
    Optional<IpMode> own = read(service, IP_MODE, "Service", IpMode::fromWire, problems);
    if (own.isPresent() || !problems.isEmpty()) {
      return new IpModeChoice(own.orElse(IpMode.VIP), problems);
    }
    String owner = "IPAddressPool \"" + poolName + "\"";
    Optional<IpMode> inherited = read(pool, IP_MODE, owner, IpMode::fromWire, problems);
    return new IpModeChoice(inherited.orElse(IpMode.VIP), problems);
  }

  /** The PROXY protocol version and target policy a Service asks for. */
  public static ForwardingSettings settings(Map<String, String> service) {
    List<AnnotationProblem> problems = new ArrayList<>();
    ProxyProtocol proxy =
        read(service, PROXY_PROTOCOL, "Service", ProxyProtocol::fromAnnotation, problems)
            .orElse(ProxyProtocol.NONE);
    TargetPolicy targets =
        read(service, TARGETS, "Service", TargetPolicy::fromAnnotation, problems)
            .orElse(TargetPolicy.LOCAL);
    return new ForwardingSettings(proxy, targets, problems);
  }

  /** Every problem with the Service's own forwarder annotations (for one Warning Event each). */
  public static List<AnnotationProblem> serviceProblems(Map<String, String> service) {
    List<AnnotationProblem> problems = new ArrayList<>();
    read(service, IP_MODE, "Service", IpMode::fromWire, problems);
    problems.addAll(settings(service).problems());
    return List.copyOf(problems);
  }

  private static <T extends Enum<T>> Optional<T> read(
      Map<String, String> annotations,
      String key,
      String owner,
      Function<String, Optional<T>> parse,
      List<AnnotationProblem> problems) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<T> parsed = parse.apply(value);
    if (parsed.isEmpty()) {
      problems.add(
          new AnnotationProblem(
              owner,
              key,
              value,
              owner
                  + " annotation "
                  + key
                  + ": invalid value \""
                  + value
                  + "\"; expected one of "
                  + allowed(key)
                  + "; using "
                  + defaultFor(key)));
    }
    return parsed;
  }

  private static String defaultFor(String key) {
    return switch (key) {
      case IP_MODE -> IpMode.VIP.wireValue();
      case PROXY_PROTOCOL -> ProxyProtocol.NONE.annotationValue();
      default -> TargetPolicy.LOCAL.annotationValue();
    };
  }

  private static String allowed(String key) {
    return switch (key) {
      case IP_MODE -> Arrays.stream(IpMode.values()).map(IpMode::wireValue).toList().toString();
      case PROXY_PROTOCOL ->
          Arrays.stream(ProxyProtocol.values())
              .map(ProxyProtocol::annotationValue)
              .toList()
              .toString();
      default ->
          Arrays.stream(TargetPolicy.values())
              .map(TargetPolicy::annotationValue)
              .toList()
              .toString();
    };
  }
}
