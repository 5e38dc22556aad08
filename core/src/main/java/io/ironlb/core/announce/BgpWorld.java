package io.ironlb.core.announce;

import io.ironlb.core.config.Config;
import java.util.Objects;

/**
 * What every BGP speaker sees alike when it plans its announcements. Unlike layer 2 there is no
 * election (METALLB-API.md §2.4: every eligible node announces, the routers spread traffic over
 * them), so each node decides from the configuration and its own Node alone.
 *
 * @param config the validated configuration
 * @param ignoreExcludeLb whether the exclude-from-external-load-balancers label is ignored ({@code
 *     --ignore-exclude-lb})
 */
public record BgpWorld(Config config, boolean ignoreExcludeLb) {

  public BgpWorld {
    Objects.requireNonNull(config, "config");
  }

  /** Whether {@code node} is kept out by the exclude label (§5.1, as in layer 2). */
  boolean excluded(NodeFacts node) {
    return !ignoreExcludeLb && node.excludedFromLoadBalancers();
  }
}
