package io.ironlb.core.config;

import io.fabric8.kubernetes.api.model.SecretReference;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import java.util.Map;
import java.util.Optional;

/**
 * A BGPPeer's TCP MD5 password (METALLB-API.md §1.4, V14 and V15): inline or from a Secret of type
 * {@code kubernetes.io/basic-auth} in the peer's namespace, key {@code password}; never both. A
 * line break is refused anywhere in it (MetalLB: it would break the routing daemon's config).
 */
final class PeerPasswords {

  private final Map<String, ConfigInputs.SecretData> secrets;

  PeerPasswords(Map<String, ConfigInputs.SecretData> secrets) {
    this.secrets = secrets;
  }

  Optional<BgpPeerConfig.Password> resolve(String peerNamespace, BGPPeerSpec s, Problems p) {
    SecretReference ref = s.getPasswordSecret();
    boolean fromSecret = ref != null && Crs.isSet(ref.getName());
    if (Crs.isSet(s.getPassword()) && fromSecret) {
      p.reject("spec.password", "set only one of password and passwordSecret");
      return Optional.empty();
    }
    if (Crs.isSet(s.getPassword())) {
      if (hasLineBreak(s.getPassword())) {
        p.reject("spec.password", "password contains a line break");
        return Optional.empty();
      }
      return Optional.of(new BgpPeerConfig.Password(s.getPassword(), Optional.empty()));
    }
    return fromSecret ? fromSecret(peerNamespace, ref, p) : Optional.empty();
  }

  private Optional<BgpPeerConfig.Password> fromSecret(
      String peerNamespace, SecretReference ref, Problems p) {
    String name = ref.getName();
    if (Crs.isSet(ref.getNamespace()) && !ref.getNamespace().equals(peerNamespace)) {
      p.reject(
          "spec.passwordSecret.namespace",
          "the Secret must be in the BGPPeer's namespace \""
              + peerNamespace
              + "\", not \""
              + ref.getNamespace()
              + "\"");
      return Optional.empty();
    }
    ConfigInputs.SecretData secret = secrets.get(name);
    if (secret == null) {
      p.reject("spec.passwordSecret.name", "Secret \"" + name + "\" not found");
    } else if (!ConfigInputs.SecretData.BASIC_AUTH.equals(secret.type())) {
      p.reject(
          "spec.passwordSecret.name",
          "Secret \""
              + name
              + "\" has type \""
              + secret.type()
              + "\"; a BGP password Secret must be of type "
              + ConfigInputs.SecretData.BASIC_AUTH);
    } else if (!secret.data().containsKey("password")) {
      p.reject("spec.passwordSecret.name", "Secret \"" + name + "\" has no \"password\" key");
    } else if (hasLineBreak(secret.data().get("password"))) {
      p.reject(
          "spec.passwordSecret.name",
          "the password in Secret \"" + name + "\" contains a line break");
    } else {
      return Optional.of(
          new BgpPeerConfig.Password(secret.data().get("password"), Optional.of(name)));
    }
    return Optional.empty();
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
