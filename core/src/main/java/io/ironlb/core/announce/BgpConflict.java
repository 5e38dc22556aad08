package io.ironlb.core.announce;

import io.ironlb.core.ip.Cidr;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One prefix that would reach one peer with several LOCAL_PREF values, so the router would see one
 * route with two preferences. Reported in the {@link BgpPlan}, never thrown.
 *
 * @param peer the BGPPeer name
 * @param prefix the prefix in question
 * @param localPrefs the clashing values, ascending, at least two
 * @param services the Services (namespace/name) whose advertisements produce them, sorted
 * @param resolution what the planner did about it
 */
public record BgpConflict(
    String peer, Cidr prefix, List<Long> localPrefs, List<String> services, Resolution resolution) {

  public BgpConflict {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(prefix, "prefix");
    localPrefs = List.copyOf(new TreeSet<>(localPrefs));
    services = List.copyOf(new TreeSet<>(services));
    Objects.requireNonNull(resolution, "resolution");
    if (localPrefs.size() < 2) {
      throw new IllegalArgumentException("a conflict needs two localPref values");
    }
  }

  /** How a conflict was settled. */
  public enum Resolution {
    /**
     * The advertisements of one Service clash: that Service is not announced from this node ({@link
     * BgpReason#CONFLICTING_ADVERTISEMENTS}), as MetalLB does (METALLB-API.md §5.1).
     */
    SERVICE_WITHHELD,
    /**
     * Several Services, each consistent on its own, share the prefix with different values: the
     * prefix is announced once with the highest localPref. MetalLB leaves this case open (its
     * speaker hands duplicates to the session unchecked); IronLB picks a value that does not depend
     * on the order Services arrive in.
     */
    HIGHEST_WINS
  }
}
