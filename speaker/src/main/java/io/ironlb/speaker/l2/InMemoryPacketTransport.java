package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.MacAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PacketTransport} on an {@link InMemorySegment}. It records every frame it sends and
 * every multicast join/leave; a transport that was never started records the frames it receives (a
 * passive host), a started one hands them to its handler. Frames reach it when addressed to
 * broadcast, to its MAC, to 33:33:00:00:00:01 or to a joined group's 33:33 address, or to anything
 * when promiscuous. Joining a joined group or leaving one not joined is an error here, to catch
 * ref-counting mistakes. Thread-safe.
 */
public final class InMemoryPacketTransport implements PacketTransport {

  private static final MacAddress ALL_NODES = MacAddress.parse("33:33:00:00:00:01");

  private final InMemorySegment segment;
  private final InterfaceInfo info;
  private final MacAddress mac;
  private final List<byte[]> sent = new CopyOnWriteArrayList<>();
  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final List<String> membershipLog = new CopyOnWriteArrayList<>();
  private final Set<Inet6Address> groups = new LinkedHashSet<>(); // guarded by this
  private volatile FrameHandler handler;
  private volatile boolean promiscuous;
  private volatile boolean closed;

  InMemoryPacketTransport(InMemorySegment segment, InterfaceInfo info) {
    this.segment = segment;
    this.info = info;
    this.mac = info.macAddress();
  }

  @Override
  public InterfaceInfo info() {
    return info;
  }

  @Override
  public void start(FrameHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public void send(byte[] frame) throws IOException {
    if (closed) {
      throw new IOException(info.name() + " is closed");
    }
    byte[] copy = frame.clone();
    sent.add(copy);
    segment.deliver(this, copy);
  }

  /** Hands {@code frame} to this transport as if received, bypassing the address filter. */
  public void inject(byte[] frame) {
    FrameHandler h = handler;
    if (closed) {
      return;
    }
    if (h != null) {
      h.onFrame(frame.clone(), frame.length);
    } else {
      received.add(frame.clone());
    }
  }

  @Override
  public synchronized void joinMulticast(Inet6Address group) throws IOException {
    if (!group.isMulticastAddress() || !groups.add(group)) {
      throw new IllegalStateException(info.name() + ": bad or duplicate join of " + group);
    }
    membershipLog.add("join " + group.getHostAddress());
  }

  @Override
  public synchronized void leaveMulticast(Inet6Address group) throws IOException {
    if (!groups.remove(group)) {
      throw new IllegalStateException(info.name() + ": leave of unjoined " + group);
    }
    membershipLog.add("leave " + group.getHostAddress());
  }

  @Override
  public void close() {
    closed = true;
    segment.detach(this);
  }

  /** Receive every frame on the segment, whatever its destination. */
  public void setPromiscuous(boolean promiscuous) {
    this.promiscuous = promiscuous;
  }

  /** Frames sent, in order. */
  public List<byte[]> sent() {
    return List.copyOf(sent);
  }

  /** Frames received while not started, in order. */
  public List<byte[]> received() {
    return List.copyOf(received);
  }

  /** Forgets the recorded frames. */
  public void clearRecords() {
    sent.clear();
    received.clear();
  }

  /** Groups currently joined. */
  public synchronized Set<Inet6Address> joinedGroups() {
    return Set.copyOf(groups);
  }

  /** Every join and leave, in order ("join ff02:0:0:0:0:1:ff00:1"). */
  public List<String> membershipLog() {
    return new ArrayList<>(membershipLog);
  }

  /** True after {@link #close}. */
  public boolean isClosed() {
    return closed;
  }

  void receive(byte[] frame) {
    if (frame.length >= EthernetCodec.HEADER_LENGTH && accepts(MacAddress.of(dst(frame)))) {
      inject(frame);
    }
  }

  private boolean accepts(MacAddress destination) {
    return promiscuous
        || destination.isBroadcast()
        || destination.equals(mac)
        || destination.equals(ALL_NODES)
        || joinedMac(destination);
  }

  private synchronized boolean joinedMac(MacAddress destination) {
    return groups.stream().anyMatch(g -> MacAddress.ofIpv6Multicast(g).equals(destination));
  }

  private static byte[] dst(byte[] frame) {
    byte[] d = new byte[MacAddress.LENGTH];
    System.arraycopy(frame, 0, d, 0, MacAddress.LENGTH);
    return d;
  }
}
