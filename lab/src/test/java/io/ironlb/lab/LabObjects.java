package io.ironlb.lab;

/** The Kubernetes objects the lab's end-to-end tests apply, as YAML. */
final class LabObjects {

  private LabObjects() {}

  /**
   * A LoadBalancer Service in {@code default} with one TCP port to {@code nodePort}.
   *
   * @param annotations YAML lines under {@code metadata} (e.g. {@code " annotations:\n k: v\n"}) or
   *     empty
   */
  static String service(String name, String etp, int port, int nodePort, String annotations) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: "
        + name
        + "\n  namespace: default\n"
        + annotations
        + "spec:\n  type: LoadBalancer\n  externalTrafficPolicy: "
        + etp
        + "\n  selector:\n    app: "
        + name
        + "\n  ports:\n    - {name: http, protocol: TCP, port: "
        + port
        + ", targetPort: 8080, nodePort: "
        + nodePort
        + "}\n";
  }

  /** An EndpointSlice of {@code svc} with one ready endpoint on each of {@code nodes}. */
  static String endpoints(String svc, String... nodes) {
    StringBuilder b = new StringBuilder();
    b.append("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ")
        .append(svc)
        .append("-lab\n  namespace: default\n  labels:\n    kubernetes.io/service-name: ")
        .append(svc)
        .append(
            "\naddressType: IPv4\nports:\n  - {name: http, port: 8080, protocol: TCP}\nendpoints:\n");
    for (String n : nodes) {
      b.append("  - {addresses: [\"10.244.")
          .append(n.substring(4))
          .append(".20\"], nodeName: ")
          .append(n)
          .append(", conditions: {ready: true, serving: true, terminating: false}}\n");
    }
    return b.toString();
  }

  /**
   * A LoadBalancer Service in {@code default} whose IPs are carried by IronLB's forwarder ({@code
   * ironlb.io/ip-mode: Proxy}, docs/forwarder.md).
   *
   * @param annotations more YAML lines under {@code metadata.annotations} (4 spaces in) or empty
   * @param specExtra YAML lines under {@code spec} (2 spaces in) or empty
   * @param ports the {@code spec.ports} list items, YAML lines 4 spaces in
   */
  static String proxyService(String name, String annotations, String specExtra, String ports) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: "
        + name
        + "\n  namespace: default\n  annotations:\n    ironlb.io/ip-mode: Proxy\n"
        + annotations
        + "spec:\n  type: LoadBalancer\n"
        + specExtra
        + "  selector:\n    app: "
        + name
        + "\n  ports:\n"
        + ports;
  }
}
