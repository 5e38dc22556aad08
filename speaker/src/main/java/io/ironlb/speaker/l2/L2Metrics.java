package io.ironlb.speaker.l2;

import java.net.InetAddress;

/**
 * The layer-2 counters (METALLB-API §6.1: {@code metallb_layer2_requests_received}, {@code
 * _responses_sent}, {@code _gratuitous_sent}, labelled by IP) plus IronLB's count of malformed
 * frames per interface. Called on receive and scheduler threads: implementations must be
 * thread-safe and must not block.
 */
public interface L2Metrics {

  /** An ARP request or Neighbor Solicitation for an IP owned on the receiving interface. */
  void requestReceived(InetAddress ip);

  /** A reply was sent for {@code ip}. */
  void responseSent(InetAddress ip);

  /** One gratuitous ARP frame or unsolicited Neighbor Advertisement was sent for {@code ip}. */
  void gratuitousSent(InetAddress ip);

  /** A frame on {@code iface} was truncated or inconsistent and was dropped. */
  void malformedFrame(String iface);

  /** Counts nothing. */
  L2Metrics NONE =
      new L2Metrics() {
        @Override
        public void requestReceived(InetAddress ip) {}

        @Override
        public void responseSent(InetAddress ip) {}

        @Override
        public void gratuitousSent(InetAddress ip) {}

        @Override
        public void malformedFrame(String iface) {}
      };
}
