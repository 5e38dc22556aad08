package io.ironlb.core.config;

import io.ironlb.api.v1beta1.BFDProfile;
import io.ironlb.api.v1beta1.BFDProfileSpec;
import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import io.ironlb.core.ip.IpText;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/** Validates BGPPeers (METALLB-API.md §1.9 V14, V16) and BFDProfiles (V17). */
final class PeerParser {

  private static final Duration DEFAULT_HOLD = Duration.ofSeconds(90);

  private final List<ConfigProblem> problems;

  PeerParser(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  SortedMap<String, BfdProfileConfig> bfd(List<BFDProfile> crs) {
    SortedMap<String, BfdProfileConfig> out = new TreeMap<>();
    for (BFDProfile cr : crs) {
      Problems p =
          new Problems("BFDProfile", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      BFDProfileSpec s = cr.getSpec() == null ? new BFDProfileSpec() : cr.getSpec();
      int rx = ranged(s.getReceiveInterval(), 300, 10, 60000, "spec.receiveInterval", p);
      int tx = ranged(s.getTransmitInterval(), 300, 10, 60000, "spec.transmitInterval", p);
      int mult = ranged(s.getDetectMultiplier(), 3, 2, 255, "spec.detectMultiplier", p);
      int echo = ranged(s.getEchoInterval(), 50, 10, 60000, "spec.echoInterval", p);
      int ttl = ranged(s.getMinimumTtl(), 254, 1, 254, "spec.minimumTtl", p);
      problems.addAll(p.list());
      if (!p.any()) {
        out.put(
            cr.getMetadata().getName(),
            new BfdProfileConfig(
                cr.getMetadata().getName(),
                rx,
                tx,
                mult,
                echo,
                Boolean.TRUE.equals(s.getEchoMode()),
                Boolean.TRUE.equals(s.getPassiveMode()),
                ttl));
      }
    }
    return out;
  }

  SortedMap<String, BgpPeerConfig> peers(
      List<BGPPeer> crs, SortedMap<String, BfdProfileConfig> bfd) {
    SortedMap<String, BgpPeerConfig> out = new TreeMap<>();
    for (BGPPeer cr : crs) {
      Problems p =
          new Problems("BGPPeer", cr.getMetadata().getNamespace(), cr.getMetadata().getName());
      BGPPeerSpec s = cr.getSpec() == null ? new BGPPeerSpec() : cr.getSpec();
      BgpPeerConfig peer = parse(cr.getMetadata().getName(), s, bfd, p);
      problems.addAll(p.list());
      if (!p.any()) {
        out.put(peer.name(), peer);
      }
    }
    return out;
  }

  private BgpPeerConfig parse(
      String name, BGPPeerSpec s, SortedMap<String, BfdProfileConfig> bfd, Problems p) {
    long myAsn = s.getMyASN() == null ? 0 : s.getMyASN();
    if (myAsn == 0) {
      p.add("spec.myASN", "missing local ASN");
    }
    if ((s.getPeerASN() == null) == (s.getDynamicASN() == null)) {
      p.add("spec.peerASN", "set exactly one of peerASN and dynamicASN");
    }
    if (s.getDynamicASN() != null && !List.of("internal", "external").contains(s.getDynamicASN())) {
      p.add("spec.dynamicASN", "must be internal or external, got \"" + s.getDynamicASN() + "\"");
    }
    boolean ibgp =
        s.getPeerASN() != null && s.getPeerASN() == myAsn || "internal".equals(s.getDynamicASN());
    if (Boolean.TRUE.equals(s.getEbgpMultiHop()) && ibgp) {
      p.add("spec.ebgpMultiHop", "invalid ebgp-multihop parameter set for an ibgp peer");
    }
    if ((s.getPeerAddress() == null) == (s.getInterface() == null)) {
      p.add("spec.peerAddress", "set exactly one of peerAddress and interface");
    }
    Optional<InetAddress> address = ip(s.getPeerAddress(), "spec.peerAddress", p);
    Optional<InetAddress> source = ip(s.getSourceAddress(), "spec.sourceAddress", p);
    Optional<InetAddress> routerId = ip(s.getRouterID(), "spec.routerID", p);
    Duration hold = duration(s.getHoldTime(), "spec.holdTime", p);
    Duration keepalive = duration(s.getKeepaliveTime(), "spec.keepaliveTime", p);
    if (hold == null && keepalive == null) {
      hold = DEFAULT_HOLD;
    }
    if (hold == null) {
      hold = keepalive.multipliedBy(3);
    } else if (keepalive == null) {
      keepalive = hold.dividedBy(3);
    }
    long holdSeconds = Math.round(hold.toMillis() / 1000.0);
    if (holdSeconds != 0 && holdSeconds < 3) {
      p.add("spec.holdTime", "hold time must be 0 or at least 3s, got " + hold.toMillis() + "ms");
    }
    if (keepalive.compareTo(hold) > 0) {
      p.add(
          "spec.keepaliveTime",
          "keepalive time " + keepalive.toMillis() + "ms is longer than the hold time");
    }
    if (s.getPassword() != null && s.getPasswordSecret() != null) {
      p.add("spec.password", "set only one of password and passwordSecret");
    }
    if (s.getBfdProfile() != null && !bfd.containsKey(s.getBfdProfile())) {
      p.add("spec.bfdProfile", "unknown BFDProfile \"" + s.getBfdProfile() + "\"");
    }
    return new BgpPeerConfig(
        name,
        myAsn,
        s.getPeerASN() == null ? OptionalLong.empty() : OptionalLong.of(s.getPeerASN()),
        Optional.ofNullable(s.getDynamicASN()),
        address,
        Optional.ofNullable(s.getInterface()),
        s.getPeerPort() == null ? 179 : s.getPeerPort(),
        hold,
        keepalive,
        source,
        routerId,
        Selectors.list(s.getNodeSelectors(), "spec.nodeSelectors", p),
        Optional.ofNullable(s.getPassword()).map(BgpPeerConfig.Sensitive::new),
        Optional.ofNullable(s.getPasswordSecret()).map(r -> r.getName()),
        Optional.ofNullable(s.getBfdProfile()),
        Boolean.TRUE.equals(s.getEbgpMultiHop()),
        Boolean.TRUE.equals(s.getEnableGracefulRestart()));
  }

  private static Optional<InetAddress> ip(String text, String field, Problems p) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpText.parse(text));
    } catch (IllegalArgumentException e) {
      p.add(field, e.getMessage());
      return Optional.empty();
    }
  }

  private static Duration duration(String text, String field, Problems p) {
    if (text == null) {
      return null;
    }
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      p.add(field, e.getMessage());
      return null;
    }
  }

  private static int ranged(Integer v, int dflt, int min, int max, String field, Problems p) {
    if (v == null) {
      return dflt;
    }
    if (v < min || v > max) {
      p.add(field, "must be " + min + ".." + max + ", got " + v);
    }
    return v;
  }
}
