package io.ironlb.speaker.l2;

import io.ironlb.speaker.l2.wire.ArpCodec;
import io.ironlb.speaker.l2.wire.EthernetCodec;
import io.ironlb.speaker.l2.wire.MacAddress;
import io.ironlb.speaker.l2.wire.MalformedFrameException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.BlockingMode;
import org.pcap4j.core.PcapHandle.PcapDirection;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PacketTransport} on a real interface through libpcap (pcap4j moves raw bytes only;
 * IronLB decodes them). Needs CAP_NET_RAW and Debian's {@code libpcap0.8}. Receives only what the
 * BPF filter {@value #FILTER} lets through, inbound only, on a daemon thread per interface.
 * Multicast groups are joined with a {@link DatagramChannel} on the interface, so the kernel sends
 * the MLD report and the NIC accepts the group's frames.
 */
public final class Pcap4jTransport implements PacketTransport {

  /** ARP, and ICMPv6 whose first byte (the type, right after a 40-byte header) is NS (135). */
  static final String FILTER = "arp or (icmp6 and ip6[40] == 135)";

  static final int SNAPLEN = 1600;
  static final int READ_TIMEOUT_MILLIS = 50;
  private static final long CLOSE_WAIT_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(Pcap4jTransport.class);

  private final InterfaceInfo info;
  private final PcapHandle handle;
  private final Map<Inet6Address, MembershipKey> memberships = new ConcurrentHashMap<>();
  private DatagramChannel multicastChannel; // guarded by this
  private Thread reader; // guarded by this
  private volatile boolean closed;

  private Pcap4jTransport(InterfaceInfo info, PcapHandle handle) {
    this.info = info;
    this.handle = handle;
  }

  /** Opens libpcap handles. */
  public static PacketTransportFactory factory() {
    return Pcap4jTransport::open;
  }

  static Pcap4jTransport open(InterfaceInfo info) throws IOException {
    PcapHandle handle;
    try {
      handle =
          new PcapHandle.Builder(info.name())
              .snaplen(SNAPLEN)
              .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
              .immediateMode(true) // deliver each frame at once: replies must not wait for a buffer
              .timeoutMillis(READ_TIMEOUT_MILLIS)
              .build();
    } catch (PcapNativeException | RuntimeException e) {
      throw new IOException(info.name() + ": cannot open a capture handle: " + e.getMessage(), e);
    }
    try {
      configure(handle);
      return new Pcap4jTransport(info, handle);
    } catch (PcapNativeException | NotOpenException | RuntimeException e) {
      handle.close();
      throw new IOException(info.name() + ": cannot configure capture: " + e.getMessage(), e);
    }
  }

  private static void configure(PcapHandle handle) throws PcapNativeException, NotOpenException {
    try {
      handle.setDirection(PcapDirection.IN); // our own sends are not ours to answer
    } catch (PcapNativeException e) {
      LOG.debug("capture direction not supported, own frames dropped by source MAC instead");
    }
    handle.setFilter(FILTER, BpfCompileMode.OPTIMIZE);
    // Warm-up (STACK.md: the first reply after opening otherwise takes ~100 ms): touch the
    // non-blocking read, filter compilation and statistics paths once before real traffic.
    handle.setBlockingMode(BlockingMode.NONBLOCKING);
    handle.getNextRawPacket();
    handle.setBlockingMode(BlockingMode.BLOCKING);
    handle.compileFilter(FILTER, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN).free();
    handle.getStats();
    warmUpCodecs();
  }

  /** Loads and runs the codecs once, so the first real request does not pay for it. */
  private static void warmUpCodecs() {
    try {
      Inet4Address any = (Inet4Address) InetAddress.getByAddress(new byte[4]);
      byte[] frame = GratuitousFrames.arp(MacAddress.ZERO, any).get(0);
      ArpCodec.decode(frame, frame.length, EthernetCodec.decode(frame, frame.length));
    } catch (IOException | MalformedFrameException e) {
      throw new IllegalStateException("codec warm-up failed", e);
    }
  }

  @Override
  public InterfaceInfo info() {
    return info;
  }

  @Override
  public synchronized void start(FrameHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (reader != null || closed) {
      throw new IllegalStateException(info.name() + ": already started or closed");
    }
    reader = new Thread(() -> readLoop(handler), "ironlb-l2-rx-" + info.name());
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop(FrameHandler handler) {
    while (!closed) { // bounded by the closed flag and the read timeout
      byte[] frame;
      try {
        frame = handle.getNextRawPacket(); // null on timeout or after breakLoop
      } catch (NotOpenException e) {
        return;
      }
      if (frame != null) {
        deliver(handler, frame);
      }
    }
  }

  private void deliver(FrameHandler handler, byte[] frame) {
    try {
      handler.onFrame(frame, frame.length);
    } catch (RuntimeException e) {
      LOG.warn("{}: frame handler failed, frame dropped", info.name(), e); // keep receiving
    }
  }

  @Override
  public void send(byte[] frame) throws IOException {
    try {
      handle.sendPacket(frame);
    } catch (PcapNativeException | NotOpenException e) {
      throw new IOException(info.name() + ": send failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void joinMulticast(Inet6Address group) throws IOException {
    NetworkInterface nif = NetworkInterface.getByName(info.name());
    if (nif == null) {
      throw new IOException(info.name() + ": interface vanished");
    }
    MembershipKey key = channel().join(group, nif); // the kernel sends the MLD report
    memberships.put(group, key);
  }

  @Override
  public void leaveMulticast(Inet6Address group) {
    MembershipKey key = memberships.remove(group);
    if (key != null) {
      key.drop();
    }
  }

  private synchronized DatagramChannel channel() throws IOException {
    if (closed) {
      throw new IOException(info.name() + " is closed");
    }
    if (multicastChannel == null) {
      DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET6);
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 1024); // joins only; nothing is read
      ch.bind(null);
      multicastChannel = ch;
    }
    return multicastChannel;
  }

  @Override
  public void close() {
    Thread r;
    DatagramChannel ch;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = reader;
      ch = multicastChannel;
    }
    wakeReader();
    joinReader(r);
    handle.close();
    closeQuietly(ch); // drops every membership
    memberships.clear();
  }

  /**
   * pcap_next() does not return on the read timeout on every kernel/libpcap combination (with
   * immediate mode on Linux it can block until a frame arrives); pcap_breakloop() wakes it (libpcap
   * >= 1.10 polls an eventfd for that) and it then returns no frame.
   */
  private void wakeReader() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      LOG.debug("{}: handle already closed", info.name());
    }
  }

  private void joinReader(Thread r) {
    if (r == null || r == Thread.currentThread()) {
      return;
    }
    try {
      r.join(CLOSE_WAIT_MILLIS); // the reader sees the flag within one read timeout
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(DatagramChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("closing the multicast channel: {}", e.toString());
    }
  }
}
