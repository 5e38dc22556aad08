package io.ironlb.speaker.l2;

/**
 * Receives the raw frames of one interface. Called on the transport's receive thread, one frame at
 * a time; must not block. The array is the handler's to keep.
 */
public interface FrameHandler {

  /** One Ethernet frame (without FCS); only {@code [0, length)} of {@code frame} is valid. */
  void onFrame(byte[] frame, int length);
}
