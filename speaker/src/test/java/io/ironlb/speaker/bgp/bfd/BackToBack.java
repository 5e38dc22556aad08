package io.ironlb.speaker.bgp.bfd;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Two sessions wired to each other with a fake clock and no latency. Every packet goes through the
 * codec (real bytes both ways); either direction can be cut. Time moves only in {@link #runFor}, in
 * 1 ms steps.
 */
final class BackToBack {

  static final long A_DISCRIMINATOR = 0x0A0A_0A0AL;
  static final long B_DISCRIMINATOR = 0x0B0B_0B0BL;
  private static final long STEP_NANOS = 1_000_000L;

  final RecordingListener aEvents = new RecordingListener();
  final RecordingListener bEvents = new RecordingListener();
  final BfdSession a;
  final BfdSession b;
  final List<BfdControlPacket> sentByA = new ArrayList<>();
  final List<BfdControlPacket> sentByB = new ArrayList<>();
  boolean aToB = true;
  boolean bToA = true;
  long now = 5_000_000_000L; // arbitrary origin

  /** When a last received a packet, and when it first left Up after that (-1: not yet). */
  long aHeardAt;

  long aLeftUpAt = -1;

  private record InFlight(BfdSession from, BfdControlPacket packet) {}

  BackToBack(BfdTimers aTimers, BfdTimers bTimers) {
    a = new BfdSession(A_DISCRIMINATOR, aTimers, "b", new Random(1), aEvents);
    b = new BfdSession(B_DISCRIMINATOR, bTimers, "a", new Random(2), bEvents);
  }

  /** Ticks both sessions every millisecond for {@code duration}, delivering what they send. */
  void runFor(Duration duration) {
    long until = now + duration.toNanos();
    while (now < until) {
      Deque<InFlight> wire = new ArrayDeque<>();
      a.tick(now).ifPresent(p -> wire.add(new InFlight(a, p)));
      b.tick(now).ifPresent(p -> wire.add(new InFlight(b, p)));
      deliver(wire);
      if (aLeftUpAt < 0 && !aEvents.changes.isEmpty() && aEvents.last().from() == BfdState.UP) {
        aLeftUpAt = now;
      }
      now += STEP_NANOS;
    }
  }

  private void deliver(Deque<InFlight> wire) {
    while (!wire.isEmpty()) {
      InFlight f = wire.poll();
      boolean fromA = f.from() == a;
      (fromA ? sentByA : sentByB).add(f.packet());
      if (fromA ? !aToB : !bToA) {
        continue;
      }
      BfdSession to = fromA ? b : a;
      if (to == a) {
        aHeardAt = now;
      }
      Optional<BfdControlPacket> reply = to.receive(overTheWire(f.packet()), now);
      reply.ifPresent(p -> wire.add(new InFlight(to, p)));
    }
  }

  private static BfdControlPacket overTheWire(BfdControlPacket packet) {
    try {
      return BfdPacketCodec.decode(BfdPacketCodec.encode(packet));
    } catch (BfdCodecException e) {
      throw new AssertionError("a session sent a packet the codec rejects: " + packet, e);
    }
  }
}
