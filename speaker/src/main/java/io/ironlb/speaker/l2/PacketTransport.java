package io.ironlb.speaker.l2;

import java.io.IOException;
import java.net.Inet6Address;

/**
 * Raw Ethernet frames in and out of one open interface. {@link #send} may be called from any
 * thread; frames are delivered to the handler given to {@link #start} (real transports: on their
 * own receive thread). Multicast joins are not ref-counted here: the caller joins a group once and
 * leaves it once ({@link L2Announcer} ref-counts solicited-node groups).
 */
public interface PacketTransport extends AutoCloseable {

  /** The interface this transport is open on. */
  InterfaceInfo info();

  /** Starts delivering received frames to {@code handler}; called at most once. */
  void start(FrameHandler handler);

  /** Sends one complete Ethernet frame (without FCS). */
  void send(byte[] frame) throws IOException;

  /** Makes the interface accept {@code group} (the kernel sends the MLD report). */
  void joinMulticast(Inet6Address group) throws IOException;

  /** Undoes {@link #joinMulticast}. */
  void leaveMulticast(Inet6Address group) throws IOException;

  /** Stops receiving and releases the interface; idempotent, never throws. */
  @Override
  void close();
}
