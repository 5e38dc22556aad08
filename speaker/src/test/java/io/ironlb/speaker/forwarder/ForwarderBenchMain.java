package io.ironlb.speaker.forwarder;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link NodePortForwarder} for bin/bench-forwarder: one Service, policy {@code local}, no
 * PROXY header, default limits, one TCP listener per {@code VIP:port=target:port} argument. Test
 * scope, so it never ships in the speaker's runtime path. Prints {@code ready} once every listener
 * is bound and runs until the process is signalled (SIGTERM).
 *
 * <p>Usage: {@code ForwarderBenchMain WORKERS LISTEN=TARGET [LISTEN=TARGET ...]}, e.g. {@code 2
 * 198.18.2.10:8081=198.18.1.2:30080}.
 */
public final class ForwarderBenchMain {

  private ForwarderBenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ForwarderBenchMain WORKERS VIP:PORT=TARGET:PORT ...");
      System.exit(2);
    }
    int workers = Integer.parseInt(args[0]);
    List<ListenerSpec> listeners = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      listeners.add(new ListenerSpec(L4Protocol.TCP, address(pair[0]), List.of(address(pair[1]))));
    }
    ServiceForwarding svc =
        new ServiceForwarding(
            "bench/forwarder",
            listeners,
            TargetPolicy.LOCAL,
            ProxyProtocol.NONE,
            List.of(),
            ForwarderLimits.DEFAULT);
    CountDownLatch stop = new CountDownLatch(1);
    try (NodePortForwarder fwd =
        NodePortForwarder.start(
            NettyTransport.select(System.getProperty("ironlb.forwarder.transport", "auto")),
            workers,
            TargetHealthListener.NONE)) {
      ApplyResult r = fwd.apply(ForwarderConfig.of(List.of(svc)));
      if (!r.failures().isEmpty()) {
        System.err.println("cannot listen: " + r.failures());
        System.exit(1);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      System.out.println("ready");
      System.out.flush();
      stop.await();
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
