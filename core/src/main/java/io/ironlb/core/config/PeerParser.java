package io.ironlb.core.config;

import io.ironlb.api.v1beta2.BGPPeer;
import io.ironlb.api.v1beta2.BGPPeerSpec;
import io.ironlb.core.ip.IpFamily;
import io.ironlb.core.ip.IpText;
import io.ironlb.core.selector.LabelSelector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Validates BGPPeers v1beta2 (METALLB-API.md §1.4, V14-V16). IronLB's own speaker supports what
 * MetalLB's native mode rejects (V20 is not applied): BFD, dynamic ASNs, unnumbered peers, IPv6. A
 * kept last valid version must still name an existing BFD profile, or it is left out too.
 */
final class PeerParser {

  static final String KIND = "BGPPeer";
  private final SortedMap<String, BfdProfileConfig> bfdProfiles;
  private final Set<String> declaredBfdProfiles;
  private final PeerPasswords passwords;

  /**
   * @param bfdProfiles the settled BFD profiles
   * @param declaredBfdProfiles the names of every BFDProfile object, valid or not
   * @param secrets the Secrets passwords come from
   */
  PeerParser(
      SortedMap<String, BfdProfileConfig> bfdProfiles,
      Set<String> declaredBfdProfiles,
      Map<String, ConfigInputs.SecretData> secrets) {
    this.bfdProfiles = bfdProfiles;
    this.declaredBfdProfiles = Set.copyOf(declaredBfdProfiles);
    this.passwords = new PeerPasswords(secrets);
  }

  SortedMap<String, BgpPeerConfig> parse(
      List<BGPPeer> crs, Config previous, List<ConfigProblem> out) {
    List<Candidate<BgpPeerConfig>> candidates = new ArrayList<>();
    for (BGPPeer cr : Crs.byName(crs, KIND, out)) {
      Problems p = Crs.problems(cr, KIND);
      BGPPeerSpec s = cr.getSpec() == null ? new BGPPeerSpec() : cr.getSpec();
      Optional<BgpPeerConfig> fresh = parseOne(Crs.name(cr), cr.getMetadata().getNamespace(), s, p);
      Optional<BgpPeerConfig> before =
          Optional.ofNullable(previous.bgpPeers().get(Crs.name(cr)))
              .filter(v -> v.bfdProfile().map(bfdProfiles::containsKey).orElse(true));
      candidates.add(new Candidate<>(p, p.rejected() ? Optional.empty() : fresh, before));
    }
    return Versions.settle(candidates, out);
  }

  private Optional<BgpPeerConfig> parseOne(
      String name, String namespace, BGPPeerSpec s, Problems p) {
    PeerAsns asns = PeerAsns.parse(s, p);
    Optional<InetAddress> address = endpoint(s, p);
    Optional<InetAddress> source = ip(s.getSourceAddress(), "spec.sourceAddress", p);
    Optional<InetAddress> routerId = routerId(s.getRouterID(), p);
    int port = port(s.getPeerPort(), p);
    Optional<BgpPeerConfig.Timers> timers = PeerTimers.parse(s, p);
    List<LabelSelector> nodes = Selectors.list(s.getNodeSelectors(), "spec.nodeSelectors", p);
    Optional<BgpPeerConfig.Password> password = passwords.resolve(namespace, s, p);
    Optional<String> bfd = bfdProfile(s.getBfdProfile(), p);
    Optional<String> vrf = singleLine(s.getVrf(), "spec.vrf", p);
    if (p.rejected()) {
      return Optional.empty();
    }
    return Optional.of(
        new BgpPeerConfig(
            name,
            asns.my(),
            asns.peer(),
            asns.dynamic(),
            asns.local(),
            address,
            Optional.ofNullable(s.getInterface()).filter(Crs::isSet),
            port,
            timers.orElseThrow(),
            source,
            routerId,
            nodes,
            password,
            bfd,
            Boolean.TRUE.equals(s.getEbgpMultiHop()),
            Boolean.TRUE.equals(s.getEnableGracefulRestart()),
            vrf,
            Boolean.TRUE.equals(s.getDualStackAddressFamily()),
            Boolean.TRUE.equals(s.getDisableMP())));
  }

  /** V16: the profile must exist and be valid now. */
  private Optional<String> bfdProfile(String given, Problems p) {
    Optional<String> bfd = Optional.ofNullable(given).filter(Crs::isSet);
    if (bfd.isPresent() && !bfdProfiles.containsKey(bfd.get())) {
      p.reject(
          "spec.bfdProfile",
          declaredBfdProfiles.contains(bfd.get())
              ? "BFDProfile \"" + bfd.get() + "\" is invalid and left out"
              : "unknown BFDProfile \"" + bfd.get() + "\"");
    }
    return bfd;
  }

  /** The schema's range, checked again: 1..16384, default 179. */
  private static int port(Integer given, Problems p) {
    int port = given == null ? 179 : given;
    if (port < 1 || port > 16384) {
      p.reject("spec.peerPort", "invalid port " + port + ": must be 1..16384");
    }
    return port;
  }

  /** A name that ends up in routing daemon configuration: no line breaks (as MetalLB). */
  private static Optional<String> singleLine(String given, String field, Problems p) {
    Optional<String> v = Optional.ofNullable(given).filter(Crs::isSet);
    if (v.isPresent() && v.get().matches("(?s).*[\\r\\n].*")) {
      p.reject(field, "contains a line break");
    }
    return v;
  }

  /** Exactly one of peerAddress and interface; the address must be an IP. */
  private static Optional<InetAddress> endpoint(BGPPeerSpec s, Problems p) {
    boolean hasAddress = Crs.isSet(s.getPeerAddress());
    boolean hasInterface = Crs.isSet(s.getInterface());
    if (hasAddress == hasInterface) {
      p.reject(
          "spec.peerAddress",
          (hasAddress ? "both peerAddress and interface set" : "missing peerAddress")
              + ": set exactly one of peerAddress and interface");
    }
    singleLine(s.getInterface(), "spec.interface", p);
    return ip(s.getPeerAddress(), "spec.peerAddress", p);
  }

  private static Optional<InetAddress> routerId(String text, Problems p) {
    Optional<InetAddress> id = ip(text, "spec.routerID", p);
    if (id.isPresent() && IpFamily.of(id.get()) != IpFamily.IPV4) {
      // RFC 4271 §4.2: the BGP Identifier is four octets, written as an IPv4 address
      p.reject("spec.routerID", "invalid router ID \"" + text + "\": must be an IPv4 address");
      return Optional.empty();
    }
    return id;
  }

  private static Optional<InetAddress> ip(String text, String field, Problems p) {
    if (!Crs.isSet(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpText.parse(text));
    } catch (IllegalArgumentException e) {
      p.reject(field, e.getMessage());
      return Optional.empty();
    }
  }
}
