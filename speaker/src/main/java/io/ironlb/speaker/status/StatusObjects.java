package io.ironlb.speaker.status;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata ServiceL2Status and ServiceBGPStatus objects share (METALLB-API.md §4.8): MetalLB's
 * labels for the node and the Service, an owner reference to the speaker's Pod, and a stable name
 * per (Service, node).
 */
final class StatusObjects {

  static final String NODE_LABEL = "metallb.io/node";
  static final String SERVICE_NAME_LABEL = "metallb.io/service-name";
  static final String SERVICE_NAMESPACE_LABEL = "metallb.io/service-namespace";

  private StatusObjects() {}

  /** The object's metadata for Service {@code svcNamespace/svcName} announced from {@code node}. */
  static ObjectMeta meta(
      String name,
      String namespace,
      String node,
      String svcNamespace,
      String svcName,
      Optional<StatusPublisher.OwnerPod> ownerPod) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                NODE_LABEL, node,
                SERVICE_NAME_LABEL, svcName,
                SERVICE_NAMESPACE_LABEL, svcNamespace))
        .withOwnerReferences(ownerReferences(ownerPod))
        .build();
  }

  /** An owner reference to the speaker's Pod, when it runs in one. */
  static List<OwnerReference> ownerReferences(Optional<StatusPublisher.OwnerPod> ownerPod) {
    return ownerPod.stream()
        .map(
            p ->
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("Pod")
                    .withName(p.name())
                    .withUid(p.uid())
                    .build())
        .toList();
  }

  /**
   * {@code prefix} and 16 hex digits of SHA-256(namespace/name#node): stable per (Service, node).
   */
  static String name(String prefix, String svcNamespace, String svcName, String node) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((svcNamespace + "/" + svcName + "#" + node).getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
