package io.ironlb.core.alloc;

import io.ironlb.core.ip.IpFamily;
import java.util.List;

/**
 * The family sets to try, in order, over the ordered pools (METALLB-API.md §3.4): a single-stack
 * Service wants its one family; RequireDualStack wants both from one pool; PreferDualStack wants
 * both from the first pool that has both, else its primary family, else the other one.
 */
final class FamilyPasses {

  private FamilyPasses() {}

  static List<List<IpFamily>> of(ServiceRequest req) {
    List<IpFamily> f = req.families();
    return switch (req.policy()) {
      case SINGLE -> List.of(List.of(f.get(0)));
      case REQUIRE_DUAL -> List.of(f);
      case PREFER_DUAL -> List.of(f, List.of(f.get(0)), List.of(f.get(1)));
    };
  }
}
