package io.ironlb.speaker.l2;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts every call, per IP or interface. */
final class RecordingMetrics implements L2Metrics {

  final Map<InetAddress, Integer> requests = new ConcurrentHashMap<>();
  final Map<InetAddress, Integer> responses = new ConcurrentHashMap<>();
  final Map<InetAddress, Integer> gratuitous = new ConcurrentHashMap<>();
  final Map<String, Integer> malformed = new ConcurrentHashMap<>();

  @Override
  public void requestReceived(InetAddress ip) {
    requests.merge(ip, 1, Integer::sum);
  }

  @Override
  public void responseSent(InetAddress ip) {
    responses.merge(ip, 1, Integer::sum);
  }

  @Override
  public void gratuitousSent(InetAddress ip) {
    gratuitous.merge(ip, 1, Integer::sum);
  }

  @Override
  public void malformedFrame(String iface) {
    malformed.merge(iface, 1, Integer::sum);
  }

  int gratuitousFor(InetAddress ip) {
    return gratuitous.getOrDefault(ip, 0);
  }
}
