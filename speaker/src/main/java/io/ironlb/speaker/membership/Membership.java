package io.ironlb.speaker.membership;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership state machine: which listed peers are live, which are known, whether this speaker
 * has quorum and whether its view has settled. No threads, no I/O, time from {@code nanoTime}; not
 * thread-safe (one owner, e.g. {@link UdpMembership}, serialises the calls).
 *
 * <p>A peer is live while its last valid heartbeat is younger than {@link
 * MembershipConfig#detectionTime()}. A leaving heartbeat makes it dead and unknown at once; a new
 * boot id makes it live at once; a heartbeat whose (boot id, sequence) is not newer than the last
 * one seen is ignored. Heartbeats from names not in {@link #setPeers} are ignored. {@code settled}
 * latches: once true it stays true, so a node joining later does not silence everyone.
 *
 * <p>Silence is counted only while the owner listens: the owner calls {@link #listened()} each time
 * it has read what its socket held, and a gap between two calls longer than the heartbeat interval
 * (a GC pause, a starved thread, a paused VM) is taken off every peer's silence. Otherwise a pause
 * longer than the detection time makes every peer look dead at once, every speaker loses quorum and
 * withdraws, although nobody missed a heartbeat that could have been heard: in the layer-2 lab
 * under the forwarder benchmark all three speakers saw 500-800 ms of silence at the same moment and
 * fenced. A peer that really died during the pause is found one pause later.
 */
public final class Membership {

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final String self;
  private final MembershipConfig config;
  private final LongSupplier nanoTime;
  private final long bootId;
  private final long startNanos;
  private final long detectionNanos;
  private final long intervalNanos;
  private final Map<String, PeerState> states = new HashMap<>();
  private SortedMap<String, InetSocketAddress> peers = new TreeMap<>();
  private boolean peersListed;
  private long listedNanos;
  private boolean settled;
  private boolean listening;
  private long listenedNanos;
  private long deafNanos;
  private long pauses;
  private boolean lastQuorum = true;
  private long sequence;
  private long ignored;

  /** A membership for this process, with a random boot id. */
  public Membership(String self, MembershipConfig config, LongSupplier nanoTime) {
    this(self, config, nanoTime, new SecureRandom().nextLong());
  }

  Membership(String self, MembershipConfig config, LongSupplier nanoTime, long bootId) {
    if (!Heartbeat.isValidNodeName(Objects.requireNonNull(self, "self"))) {
      throw new IllegalArgumentException("self is not a DNS-1123 subdomain: " + self);
    }
    this.self = self;
    this.config = Objects.requireNonNull(config, "config");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.bootId = bootId;
    this.startNanos = nanoTime.getAsLong();
    this.detectionNanos = config.detectionTime().toNanos();
    this.intervalNanos = config.interval().toNanos();
  }

  /** Replaces the peer list (node name to membership address); self is ignored. */
  public void setPeers(Map<String, InetSocketAddress> newPeers) {
    SortedMap<String, InetSocketAddress> copy = new TreeMap<>(newPeers);
    copy.remove(self);
    copy.values().forEach(a -> Objects.requireNonNull(a, "peer address"));
    if (!copy.keySet().equals(peers.keySet())) {
      LOG.info("membership peers: {} listed (was {})", copy.size(), peers.size());
    }
    states.keySet().retainAll(copy.keySet());
    peers = copy;
    if (!peersListed) {
      listedNanos = nanoTime.getAsLong();
    }
    peersListed = true;
  }

  /**
   * The owner has read everything its socket held. A gap since the previous call longer than the
   * heartbeat interval was time it could not listen: it does not count as anyone's silence.
   */
  public void listened() {
    long now = nanoTime.getAsLong();
    long gap = now - listenedNanos;
    if (listening && gap > intervalNanos) {
      deafNanos += gap - intervalNanos;
      boolean maybeDead = gap >= detectionNanos; // the peers may have found this speaker dead
      if (maybeDead) {
        pauses++;
      }
      if (gap >= detectionNanos / 2) {
        LOG.info(
            "membership did not listen for {} ms (pause, or starved of CPU): not counted as"
                + " silence{}",
            gap / 1_000_000,
            maybeDead ? "; peers may have taken this speaker for dead" : "");
      }
    }
    listening = true;
    listenedNanos = now;
  }

  /**
   * How many times the owner did not listen for the detection time or longer: the peers may have
   * taken this speaker for dead meanwhile, moved its IPs and pointed the clients' neighbour caches
   * elsewhere, while this speaker, which never saw anything change, still announces them.
   */
  public long pauses() {
    return pauses;
  }

  /**
   * Monotonic time minus the time the owner could not listen: peers' silence runs on it. While the
   * owner is not listening (its last read is more than an interval old) this clock stands still, so
   * a view asked for from another thread during the owner's pause does not count the pause either.
   */
  private long heardClock() {
    long now = nanoTime.getAsLong();
    if (listening) {
      now = Math.min(now, listenedNanos + intervalNanos);
    }
    return now - deafNanos;
  }

  /** Applies a decoded heartbeat that came from {@code from}. */
  public void onHeartbeat(Heartbeat hb, InetSocketAddress from) {
    InetSocketAddress listed = peers.get(hb.node());
    if (listed == null) {
      ignored++;
      LOG.trace("ignoring heartbeat from unlisted node {} at {}", hb.node(), from);
      return;
    }
    PeerState state = states.computeIfAbsent(hb.node(), PeerState::new);
    long previousBoot = state.bootId();
    PeerState.Outcome outcome = state.accept(hb, heardClock());
    LOG.trace("heartbeat {} from {}: {}", hb, from, outcome);
    if (outcome == PeerState.Outcome.STALE) {
      return;
    }
    if (state.firstAddressMismatch(from, listed)) {
      LOG.debug("node {} sends from {}, listed at {}; accepted", hb.node(), from, listed);
    }
    if (outcome == PeerState.Outcome.RESTARTED) {
      LOG.info(
          "node {} restarted (boot id {} -> {})",
          hb.node(),
          Long.toHexString(previousBoot),
          Long.toHexString(hb.bootId()));
    }
    if (hb.leaving()) {
      state.report(false);
      LOG.info("node {} left (graceful shutdown)", hb.node());
    }
  }

  /** One heartbeat per listed peer; call once per interval. */
  public List<Outgoing> due() {
    Heartbeat hb = new Heartbeat(self, bootId, ++sequence, false);
    List<Outgoing> out = new ArrayList<>(peers.size());
    peers.values().forEach(to -> out.add(new Outgoing(to, hb)));
    return out;
  }

  /** The heartbeat that announces a graceful shutdown (a fresh sequence on every call). */
  public Heartbeat leaving() {
    return new Heartbeat(self, bootId, ++sequence, true);
  }

  /** The view now; logs liveness and quorum changes since the previous call. */
  public MembershipView view() {
    long now = nanoTime.getAsLong();
    long heardNow = heardClock();
    TreeSet<String> live = new TreeSet<>(List.of(self));
    TreeSet<String> known = new TreeSet<>(List.of(self));
    for (PeerState state : states.values()) {
      boolean isLive = state.isLive(heardNow, detectionNanos);
      reportLiveness(state, isLive, heardNow);
      if (state.isKnown()) {
        known.add(state.node());
      }
      if (isLive) {
        live.add(state.node());
      }
    }
    boolean quorum = MembershipView.hasQuorum(live.size(), known.size());
    reportQuorum(quorum, live.size(), known.size());
    return new MembershipView(self, live, known, quorum, settled(now));
  }

  private void reportLiveness(PeerState state, boolean isLive, long now) {
    if (!state.report(isLive)) {
      return;
    }
    if (isLive) {
      LOG.info("node {} is live", state.node());
    } else {
      LOG.info(
          "node {} is dead (no heartbeat for {} ms)",
          state.node(),
          state.silenceNanos(now) / 1_000_000);
    }
  }

  private void reportQuorum(boolean quorum, int live, int known) {
    if (quorum != lastQuorum) {
      if (quorum) {
        LOG.info("quorum regained: {} of {} speakers live", live, known);
      } else {
        LOG.warn("quorum lost: {} of {} speakers live, self-fencing", live, known);
      }
    }
    lastQuorum = quorum;
  }

  private boolean settled(long now) {
    if (settled) {
      return true;
    }
    if (!peersListed) {
      return false; // who the others are is not known yet: hearing nobody would mean nothing
    }
    // The grace runs from the first peer list, not from construction: a speaker whose cluster
    // caches took longer to fill than the grace must still hear its peers before it claims IPs.
    boolean graceOver = now - listedNanos >= config.startupGrace().toNanos();
    boolean allHeard = peers.keySet().stream().allMatch(this::heard);
    if (graceOver || allHeard) {
      settled = true;
      LOG.info(
          "membership settled after {} ms ({} of {} peers heard)",
          (now - startNanos) / 1_000_000,
          peers.keySet().stream().filter(this::heard).count(),
          peers.size());
    }
    return settled;
  }

  private boolean heard(String node) {
    PeerState state = states.get(node);
    return state != null && state.heard();
  }

  /** Heartbeats dropped because their sender is not listed (a metric, for tests and /metrics). */
  long ignoredUnlisted() {
    return ignored;
  }

  long bootId() {
    return bootId;
  }

  /** Where {@link #leaving()} goes: every listed peer. */
  List<InetSocketAddress> peerAddresses() {
    return List.copyOf(peers.values());
  }

  String self() {
    return self;
  }
}
