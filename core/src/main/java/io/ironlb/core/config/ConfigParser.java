package io.ironlb.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Turns the metallb.io objects into a validated {@link Config}: the one place CRs are read (as
 * MetalLB's {@code config.For}), with the checks of METALLB-API.md §1.9.
 *
 * <p>Unlike MetalLB, an invalid object never makes the whole configuration stale: it keeps its last
 * valid version from {@code previous} (or is left out when it never had one), everything else
 * applies, and each problem names the object and the field. Cross-object conflicts (overlapping
 * pools, an alias defined twice, clashing localPref) are settled so that what already applies keeps
 * its place. An advertisement that names a missing pool only loses that reference.
 *
 * <p>The parse is a pure function of its arguments: equal inputs and previous configuration give an
 * equal result, whatever order the objects come in.
 */
public final class ConfigParser {

  /** Parses {@code inputs}; {@code previous} supplies last valid versions of invalid objects. */
  public ParseResult parse(ConfigInputs inputs, Config previous) {
    List<ConfigProblem> problems = new ArrayList<>();
    PoolCatalog pools =
        new PoolParser(inputs.namespaceLabels()).parse(inputs.pools(), previous, problems);
    SortedMap<String, CommunityAlias> aliases =
        CommunityParser.parse(inputs.communities(), previous, problems);
    PoolReferences refs = new PoolReferences(pools);
    var l2 = new L2AdvertisementParser(refs).parse(inputs.l2Advertisements(), previous, problems);
    var bgp =
        new BgpAdvertisementParser(refs, aliases, inputs.nodeLabels())
            .parse(inputs.bgpAdvertisements(), previous, problems);
    var bfd = BfdProfileParser.parse(inputs.bfdProfiles(), previous, problems);
    Set<String> bfdNames = inputs.bfdProfiles().stream().map(Crs::name).collect(Collectors.toSet());
    var peers =
        new PeerParser(bfd, bfdNames, inputs.secrets())
            .parse(inputs.bgpPeers(), previous, problems);
    return new ParseResult(new Config(pools.pools(), l2, bgp, peers, bfd, aliases), problems);
  }
}
