package io.ironlb.speaker.membership;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What this speaker knows about the speakers at one instant.
 *
 * @param self this speaker's node name; always in {@code live} and {@code known}
 * @param live self and every peer heard within the detection time
 * @param known self and every listed peer heard at least once that has not left gracefully
 * @param quorum {@code 2 * |live| >= |known|}; false means this speaker must self-fence (stop
 *     announcing in L2)
 * @param settled the startup grace elapsed, or every listed peer has been heard; nothing should be
 *     announced before
 */
public record MembershipView(
    String self, SortedSet<String> live, SortedSet<String> known, boolean quorum, boolean settled) {

  public MembershipView {
    Objects.requireNonNull(self, "self");
    live = Collections.unmodifiableSortedSet(new TreeSet<>(live));
    known = Collections.unmodifiableSortedSet(new TreeSet<>(known));
    if (!live.contains(self) || !known.contains(self)) {
      throw new IllegalArgumentException("self must be live and known: " + self);
    }
    if (!known.containsAll(live)) {
      throw new IllegalArgumentException("live " + live + " is not a subset of known " + known);
    }
    if (quorum != hasQuorum(live.size(), known.size())) {
      throw new IllegalArgumentException("quorum must be 2*live >= known");
    }
  }

  /** Whether {@code live} speakers out of {@code known} may keep announcing. */
  static boolean hasQuorum(int live, int known) {
    return 2L * live >= known;
  }

  /** Whether {@code node} is currently live (self always is). */
  public boolean isLive(String node) {
    return live.contains(node);
  }
}
