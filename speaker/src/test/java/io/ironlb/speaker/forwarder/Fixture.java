package io.ironlb.speaker.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.ironlb.core.ip.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionFactory;

/** Builders and client-side helpers shared by the forwarder tests (loopback only). */
final class Fixture {

  static final ForwarderLimits LIMITS = ForwarderLimits.DEFAULT;

  /** Checks fast enough for a test to see a target go down and up. */
  static final HealthCheckSettings FAST_CHECKS =
      new HealthCheckSettings(Duration.ofMillis(50), Duration.ofMillis(200), 2, 2);

  private Fixture() {}

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
  }

  /**
   * Waits until {@code written} is above 0 and the same in two polls 300 ms apart (whoever writes
   * it can write no more), or until {@code enough} holds.
   */
  static void untilStalled(LongSupplier written, BooleanSupplier enough) {
    AtomicLong previous = new AtomicLong(-1);
    eventually()
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              if (enough.getAsBoolean()) {
                return true;
              }
              long now = written.getAsLong();
              return now > 0 && now == previous.getAndSet(now);
            });
  }

  /** A free TCP port on 127.0.0.1 (closed again, so the forwarder can take it). */
  static InetSocketAddress freeTcp() throws IOException {
    return new InetSocketAddress(Backends.LOOPBACK, freePort(Fixture::tcpBindable));
  }

  /** A free UDP port on 127.0.0.1 (closed again, so the forwarder can take it). */
  static InetSocketAddress freeUdp() throws IOException {
    return new InetSocketAddress(Backends.LOOPBACK, freePort(Fixture::udpBindable));
  }

  /** Ports {@link #freePort} handed out in this JVM: never twice. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port below the kernel's ephemeral range ({@code ip_local_port_range}) that {@code bindable}
   * could bind, not handed out before. Not a port of a socket bound to 0 and closed: the kernel may
   * give that port to the next socket bound to 0 (a test's backend) before the forwarder binds it,
   * and the forwarder's listen then fails with "Address already in use" (seen in CI).
   */
  private static int freePort(IntPredicate bindable) throws IOException {
    int ephemeralLow = ephemeralLow();
    int low = Math.max(1024, ephemeralLow - 12_000);
    int span = ephemeralLow - low;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = low + (start + i) % span;
      if (!HANDED_OUT.contains(port) && bindable.test(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IOException("no free port in " + low + "-" + (ephemeralLow - 1));
  }

  private static int ephemeralLow() throws IOException {
    // readAllLines: a /proc file reports size 0, which Files.readString took for its length
    String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
    int low = Integer.parseInt(range.trim().split("\\s+")[0]);
    if (low < 2048) {
      throw new IOException("ip_local_port_range starts at " + low + ": no room below it");
    }
    return low;
  }

  private static boolean tcpBindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(Backends.LOOPBACK, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean udpBindable(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Backends.LOOPBACK, port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static ServiceForwarding service(
      String name,
      TargetPolicy policy,
      ProxyProtocol proxy,
      List<Cidr> ranges,
      ForwarderLimits limits,
      ListenerSpec... listeners) {
    return new ServiceForwarding(name, Arrays.asList(listeners), policy, proxy, ranges, limits);
  }

  /** Applies a configuration of the one Service {@code svc}; fails if a listener did not open. */
  static void applyOne(NodePortForwarder f, ServiceForwarding svc, HealthCheckSettings checks) {
    ApplyResult r = f.apply(ForwarderConfig.of(List.of(svc), checks));
    assertThat(r.failures()).as("listeners that did not open").isEmpty();
  }

  static ServiceForwarding simple(String name, ListenerSpec... listeners) {
    return service(name, TargetPolicy.LOCAL, ProxyProtocol.NONE, List.of(), LIMITS, listeners);
  }

  static ListenerSpec tcp(InetSocketAddress listen, InetSocketAddress... targets) {
    return new ListenerSpec(L4Protocol.TCP, listen, List.of(targets));
  }

  static ListenerSpec udp(InetSocketAddress listen, InetSocketAddress... targets) {
    return new ListenerSpec(L4Protocol.UDP, listen, List.of(targets));
  }

  static Socket connect(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000); // a blocking read never hangs a test
    s.connect(to, 10_000);
    return s;
  }

  /** Writes {@code text} and reads the same number of bytes back. */
  static String roundTrip(Socket s, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(out.length), StandardCharsets.UTF_8);
  }

  /**
   * Whether the connection was ended by the other side: a read returns end of stream or fails with
   * a reset.
   */
  static boolean endedByPeer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      return in.read() == -1;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  /** Whether a connection to {@code to} is refused: reset during connect, or ended right after. */
  static boolean refused(InetSocketAddress to) {
    try (Socket s = connect(to)) {
      return endedByPeer(s);
    } catch (IOException e) {
      return true;
    }
  }

  static ServiceStats stats(NodePortForwarder f, String service) {
    return f.services().stream()
        .filter(s -> s.service().equals(service))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stats for " + service));
  }
}
