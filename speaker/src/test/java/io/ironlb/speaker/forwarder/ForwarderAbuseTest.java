package io.ironlb.speaker.forwarder;

import static io.ironlb.speaker.forwarder.Fixture.endedByPeer;
import static io.ironlb.speaker.forwarder.Fixture.roundTrip;
import static io.ironlb.speaker.forwarder.Fixture.stats;
import static io.ironlb.speaker.forwarder.Fixture.tcp;
import static io.ironlb.speaker.forwarder.Fixture.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ironlb.core.forwarder.ProxyProtocol;
import io.ironlb.core.forwarder.TargetPolicy;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.util.ResourceLeakDetector;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad input at scale, through the real forwarder on loopback sockets: a UDP flood from a thousand
 * source addresses, a TCP connection storm against a stalled NodePort, never-reading clients of
 * flooding NodePorts, slowloris clients. Each test proves a bound (file descriptors, flows,
 * connections, direct memory) while a second, healthy Service on the same forwarder keeps
 * answering, and that everything is given back afterwards (descriptors, gauges, no buffer leak).
 *
 * <p>File descriptors are the process's ({@code /proc/self/fd}) minus those the test itself holds
 * (its client sockets, the stand-in NodePorts' accepted sockets), taken against a baseline measured
 * once the forwarder, its listeners and the healthy Service's connection are up: what is left over
 * is the forwarder's.
 *
 * <p>On io_uring and on epoll: the bounds are the same (an io_uring event loop's ring is one
 * descriptor, opened before the baseline).
 */
@ParameterizedClass
@ValueSource(strings = {"io_uring", "epoll"})
class ForwarderAbuseTest {

  @Parameter String transport;

  private static final Logger LOG = LoggerFactory.getLogger(ForwarderAbuseTest.class);

  private static final String ABUSED = "default/abused";
  private static final String HEALTHY = "default/healthy";

  private static final int WORKERS = 2;

  /**
   * Sockets beyond its bound the forwarder may hold for a moment: a health-check connection per TCP
   * target (2), the healthy Service's check connection (2), connections accepted but not yet reset
   * (up to one accept batch, Netty's 16 messages per read; allowed once per worker loop, as when
   * every loop had its own listening socket: seen +32 in a storm) and a little margin (4).
   */
  private static final int SOCKET_SLACK = 2 + 2 + 16 * WORKERS + 4;

  /**
   * Descriptors beyond the known ones the process may hold for a moment: the NodePorts' ends of
   * health checks, a client socket being opened, the listing of /proc/self/fd itself.
   */
  private static final int FD_SLACK = 16;

  /** Other descriptors: the listing of /proc/self/fd itself, a jar opened by a late class load. */
  private static final int FD_MARGIN = 4;

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static ResourceLeakDetector<?> bufferLeaks;

  private final Backends backends = new Backends();
  private final List<Backends.Backend> tcpBackends = new ArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Client sockets the test holds open now (counted after open, uncounted before close). */
  private final AtomicInteger held = new AtomicInteger();

  private NodePortForwarder forwarder;
  private Sampler sampler;

  @BeforeAll
  static void listenForLeaks() throws ReflectiveOperationException {
    Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
    f.setAccessible(true);
    bufferLeaks = (ResourceLeakDetector<?>) f.get(null);
    bufferLeaks.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
  }

  @AfterAll
  static void stopListening() {
    bufferLeaks.setLeakListener(null);
  }

  @BeforeEach
  void start() {
    assumeTrue(new File("/proc/self/fd").isDirectory(), "Linux /proc needed");
    assumeTrue(
        transport.equals("io_uring") ? IoUring.isAvailable() : Epoll.isAvailable(),
        transport + " is not available on this host");
    forwarder =
        NodePortForwarder.start(
            NettyTransport.select(transport), WORKERS, TargetHealthListener.NONE);
  }

  @AfterEach
  void stop() throws Exception {
    if (sampler != null) {
      sampler.close();
    }
    for (AutoCloseable c : opened) {
      c.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
    backends.close();
    // paranoid leak detection reports a buffer that was collected unreleased on a later
    // allocation: give it collections and allocations to report on (best effort, bounded)
    for (int i = 0; i < 5 && LEAKS.isEmpty(); i++) {
      System.gc();
      for (int j = 0; j < 64; j++) {
        ByteBufAllocator.DEFAULT.directBuffer(64).release();
      }
    }
    assertThat(LEAKS).as("buffers collected without a release").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void aUdpFloodFromAThousandSourcesHoldsAtMostMaxFlowsAndLeavesTheOtherServiceAlone()
      throws IOException {
    int maxFlows = 64;
    int addresses = 1024;
    int portsPerAddress = 2;
    int batch = 64; // datagrams in flight at once: well inside the listener's receive buffer
    List<InetSocketAddress> flooded = new CopyOnWriteArrayList<>();
    List<InetSocketAddress> healthyHeard = new CopyOnWriteArrayList<>();
    InetSocketAddress vip = Fixture.freeUdp();
    InetSocketAddress other = Fixture.freeUdp();
    apply(
        service(
            ABUSED,
            limits(10_000, maxFlows, Duration.ofMinutes(5), Duration.ofSeconds(2)),
            udp(vip, (InetSocketAddress) backends.udpEcho(flooded).localAddress())),
        Fixture.simple(
            HEALTHY,
            udp(other, (InetSocketAddress) backends.udpEcho(healthyHeard).localAddress())));
    DatagramSocket healthy = udpClient(new InetSocketAddress(Backends.LOOPBACK, 0));
    opened.add(healthy);
    UdpCheck check = new UdpCheck(healthy, other);
    check.answers(); // the healthy flow (one upstream socket) is part of the baseline
    startSampler();

    byte[] payload = "flood".getBytes(StandardCharsets.UTF_8);
    int sent = 0;
    for (int a = 0; a < addresses; a++) {
      // 127.0.0.0/8 is all local on Linux: each source its own address (127.1.x.y)
      InetAddress source =
          InetAddress.getByAddress(new byte[] {127, 1, (byte) (a / 250), (byte) (a % 250 + 1)});
      for (int p = 0; p < portsPerAddress; p++) {
        try (DatagramSocket s = udpClient(new InetSocketAddress(source, 0))) {
          s.send(new DatagramPacket(payload, payload.length, vip));
          held.decrementAndGet();
        }
        sent++;
        if (sent % batch == 0) {
          int total = sent;
          // every datagram is accounted for: relayed (the NodePort heard it) or refused
          fast().until(() -> flooded.size() + stats(forwarder, ABUSED).refusedByLimit() == total);
          check.answers();
        }
      }
    }
    int total = sent;
    fast().until(() -> flooded.size() + stats(forwarder, ABUSED).refusedByLimit() == total);
    check.answers();
    Sampler.Peak during = sampler.peak();

    ServiceStats st = stats(forwarder, ABUSED);
    LOG.info(
        "UDP flood: {} sources, {} relayed, {} refused; peak flows {}; {}",
        total,
        flooded.size(),
        st.refusedByLimit(),
        during.flows(),
        describe(during));
    assertThat(total).isEqualTo(addresses * portsPerAddress);
    // one upstream socket per flow; the test holds one flood socket at a time
    assertBounded(during, maxFlows, 1);
    // no transient socket on UDP: a flow's socket is opened when it is admitted
    assertThat(during.forwarder()).isLessThanOrEqualTo(maxFlows + FD_MARGIN);
    assertThat(during.flows()).isEqualTo(maxFlows); // reached, never passed
    assertThat(flooded.size()).isGreaterThanOrEqualTo(maxFlows);
    assertThat(st.refusedByLimit()).isEqualTo(total - flooded.size()).isGreaterThan(total / 2);
    assertThat(st.bytesIn()).isEqualTo((long) flooded.size() * payload.length);
    assertThat(stats(forwarder, HEALTHY).refusedByLimit()).isZero();

    // the flows idle out, and their sockets with them
    eventually().until(() -> stats(forwarder, ABUSED).activeFlows() == 0);
    awaitBaseline();
    check.answers();
  }

  @Test
  void aConnectionStormAgainstAStalledNodePortHoldsTwoDescriptorsPerAdmittedConnection()
      throws IOException {
    int limit = 32;
    int attempts = 3000;
    int batch = 50;
    Backends.Backend stalled = tcpBackend(backends.stallUntilClosed());
    InetSocketAddress vip = Fixture.freeTcp();
    TcpCheck check =
        abuse(
            vip,
            limits(limit, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(60)),
            stalled.address());

    List<Socket> holders = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      Socket s = tcpClient(vip);
      s.getOutputStream().write('G'); // a request the NodePort never answers
      holders.add(s);
    }
    eventually().until(() -> stats(forwarder, ABUSED).targets().get(0).active() == limit);

    int connected = 0;
    for (int done = 0; done < attempts; done += batch) {
      List<Socket> storm = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        try {
          storm.add(tcpClient(vip));
          connected++;
        } catch (IOException e) {
          // reset by the forwarder before connect() returned
        }
      }
      for (Socket s : storm) {
        held.decrementAndGet();
        s.close();
      }
      if ((done / batch) % 10 == 0) {
        check.answers();
      }
    }
    // each attempt reached the forwarder and was reset; the reset may even beat the client's
    // connect() to it, which then fails (so count attempts, not successful connects)
    eventually()
        .untilAsserted(
            () ->
                assertThat(stats(forwarder, ABUSED).refusedByLimit())
                    .as("refused by limit")
                    .isEqualTo(attempts));
    check.answers();
    Sampler.Peak during = sampler.peak();
    LOG.info(
        "TCP storm: {} attempts ({} reset before connect() returned), {} refused; peak active {};"
            + " {}",
        attempts,
        attempts - connected,
        stats(forwarder, ABUSED).refusedByLimit(),
        during.connections(),
        describe(during));
    assertThat(during.connections()).isEqualTo(limit);
    // client and upstream per admitted connection; the test holds the admitted clients, a batch,
    // the stalled NodePort's ends and the healthy Service's
    // io_uring accepts ahead of the loop (the kernel accepts and queues the completions while the
    // loop is busy), so accepted sockets exist before the loop can reset them: measured +106 to
    // +283 over the baseline with limit 32 and batches of 50, against +75 to +93 on epoll (refused
    // connections reset on the accepting loop). Still bounded: a refused connection that were
    // never closed gives +3,000.
    int asyncCloses = transport.equals("io_uring") ? 6 * batch : 0;
    assertBounded(during, 2 * limit + asyncCloses, limit + batch + limit + check.count());
    assertThat(stats(forwarder, HEALTHY).refusedByLimit()).isZero();

    closeAndAwaitBaseline(holders);
    check.answers();
  }

  @Test
  void clientsFloodingAStalledNodePortCostBoundedMemory() throws IOException {
    int clients = 20;
    // per connection: what the relay queues for the target before it stops reading the client
    // (the high water mark, 64 KiB) plus one read (at most 64 KiB), doubled for the allocator's
    // rounding; without backpressure it would hold everything the clients can send
    long bound = clients * 256L * 1024;
    // the relay stops reading a client whose target is full, so it does not see that client's
    // FIN either: its connection ends at the idle timeout, and what was queued for the target is
    // dropped after another one
    Duration idle = Duration.ofSeconds(3);
    Backends.Backend stalled = tcpBackend(backends.stallUntilClosed());
    InetSocketAddress vip = Fixture.freeTcp();
    TcpCheck check =
        abuse(vip, limits(10_000, 10_000, idle, Duration.ofSeconds(60)), stalled.address());
    long memoryBefore = Sampler.direct();

    List<SocketChannel> writers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      SocketChannel ch = SocketChannel.open();
      opened.add(ch);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
      ch.connect(vip);
      held.incrementAndGet();
      ch.configureBlocking(false);
      writers.add(ch);
    }
    eventually().until(() -> stats(forwarder, ABUSED).targets().get(0).active() == clients);
    ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
    AtomicLong written = new AtomicLong();
    // write all each client can until nothing more goes (every relay stopped reading its client,
    // or ended it at the idle timeout), or the memory bound is passed already
    Fixture.untilStalled(
        () -> {
          for (SocketChannel ch : writers) {
            try {
              int n;
              do {
                chunk.clear();
                n = ch.write(chunk);
                written.addAndGet(n);
              } while (n > 0);
            } catch (IOException e) {
              // reset: the idle timeout ended this one (its relay stopped reading it first)
            }
          }
          return written.get();
        },
        () -> sampler.peak().direct() - memoryBefore > bound);
    check.answers();
    Sampler.Peak during = sampler.peak();
    LOG.info(
        "clients flooding a stalled NodePort: {} connections, clients wrote {} bytes, relayed {};"
            + " direct memory baseline {} peak +{} (bound {}); {}",
        clients,
        written.get(),
        stats(forwarder, ABUSED).bytesIn(),
        memoryBefore,
        during.direct() - memoryBefore,
        bound,
        describe(during));
    assertHeldPerClient(
        during, memoryBefore, bound, clients, check, "clients of a stalled NodePort");

    closeAndAwaitBaseline(writers);
    check.answers();
  }

  @Test
  void clientsThatNeverReadFromFloodingNodePortsCostBoundedMemory() throws IOException {
    int clients = 50;
    // per connection: the write-buffer high water mark (64 KiB) plus one read (at most 64 KiB),
    // doubled for the allocator's rounding; without backpressure the relay would hold everything
    // the NodePorts can send, hundreds of MiB a second on loopback
    long bound = clients * 256L * 1024;
    Backends.Backend flood = tcpBackend(backends.floodShared());
    InetSocketAddress vip = Fixture.freeTcp();
    TcpCheck check =
        abuse(
            vip,
            limits(10_000, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(60)),
            flood.address());
    long memoryBefore = Sampler.direct();

    List<Socket> readers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Socket s = new Socket();
      opened.add(s);
      s.setReceiveBufferSize(4096);
      s.setSoTimeout(10_000);
      s.connect(vip, 10_000);
      held.incrementAndGet();
      readers.add(s); // and never read from
    }
    eventually().until(() -> stats(forwarder, ABUSED).targets().get(0).active() == clients);
    // until the floods cannot write any more (every relay stopped reading), or the memory bound
    // is passed already
    Fixture.untilStalled(
        flood.bytesWritten()::get, () -> sampler.peak().direct() - memoryBefore > bound);
    check.answers();
    Sampler.Peak during = sampler.peak();
    long heldNow = Sampler.direct() - memoryBefore;
    LOG.info(
        "never-reading clients: {} connections, NodePorts wrote {} bytes, relayed {}; direct"
            + " memory baseline {} peak +{} now +{} (bound {}); {}",
        clients,
        flood.bytesWritten().get(),
        stats(forwarder, ABUSED).bytesOut(),
        memoryBefore,
        during.direct() - memoryBefore,
        heldNow,
        bound,
        describe(during));
    assertHeldPerClient(during, memoryBefore, bound, clients, check, "stalled clients");

    closeAndAwaitBaseline(readers);
    LOG.info(
        "never-reading clients closed: direct memory now +{}", Sampler.direct() - memoryBefore);
    check.answers();
  }

  @Test
  void slowlorisClientsOfAStalledNodePortEndAtTheIdleTimeout() throws IOException {
    int clients = 200;
    Duration idle = Duration.ofMillis(800);
    Backends.Backend stalled = tcpBackend(backends.stallUntilClosed());
    InetSocketAddress vip = Fixture.freeTcp();
    TcpCheck check =
        abuse(vip, limits(256, 10_000, idle, Duration.ofSeconds(60)), stalled.address());

    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Socket s = tcpClient(vip);
      s.getOutputStream().write('G');
      slow.add(s);
    }
    // a byte now and then, each resetting the idle timer (a connection that keeps sending is alive
    // at L4); then nothing more, as a slowloris whose next byte comes too late
    for (int round = 0; round < 3; round++) {
      pace(idle.toMillis() / 3);
      for (Socket s : slow) {
        try {
          s.getOutputStream().write('E');
        } catch (IOException e) {
          // already ended (a slow machine can pause longer than the idle timeout)
        }
      }
      check.answers();
    }
    // the peak while the 200 are open: when the idle timeout ends them all at once, the stalled
    // NodePort counts its sockets closed before the kernel has released them, which reads as the
    // forwarder's for a moment (CI saw +554 then); the return to the baseline is checked below
    Sampler.Peak during = sampler.peak();
    eventually().until(() -> stats(forwarder, ABUSED).activeConnections() == 0);
    for (Socket s : slow) {
      assertThat(endedByPeer(s)).isTrue(); // the forwarder ended it (EOF or reset)
    }
    LOG.info(
        "slowloris: {} connections, peak active {}, idle-closed {}; {}",
        clients,
        during.connections(),
        stats(forwarder, ABUSED).idleClosed(),
        describe(during));
    assertBounded(during, 2 * clients, clients + clients + check.count());
    assertThat(stats(forwarder, ABUSED).idleClosed()).isEqualTo(clients);
    for (Socket s : slow) {
      held.decrementAndGet();
      s.close();
    }
    awaitBaseline();
    eventually().until(() -> stats(forwarder, ABUSED).targets().get(0).active() == 0);
    check.answers();
  }

  // ---------------------------------------------------------------------------------------------

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
  }

  /** For conditions polled in a tight loop (per batch). */
  private static ConditionFactory fast() {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2));
  }

  /** Pacing of the clients (never an assertion). */
  private static void pace(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ForwarderLimits limits(
      int maxConnections, int maxFlows, Duration idle, Duration udpIdle) {
    return new ForwarderLimits(maxConnections, maxFlows, idle, udpIdle, Duration.ofSeconds(2));
  }

  private static ServiceForwarding service(
      String name, ForwarderLimits limits, ListenerSpec listener) {
    return Fixture.service(
        name, TargetPolicy.LOCAL, ProxyProtocol.NONE, List.of(), limits, listener);
  }

  private void apply(ServiceForwarding... services) {
    assertThat(forwarder.apply(ForwarderConfig.of(List.of(services))).failures()).isEmpty();
  }

  private Backends.Backend tcpBackend(Backends.Backend b) {
    tcpBackends.add(b);
    return b;
  }

  /** A connected client socket, counted as held; closed at once if the connect fails. */
  private Socket tcpClient(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    opened.add(s);
    try {
      s.setSoTimeout(10_000); // a blocking read never hangs a test
      s.connect(to, 10_000);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    held.incrementAndGet();
    return s;
  }

  private DatagramSocket udpClient(InetSocketAddress bind) throws IOException {
    DatagramSocket s = new DatagramSocket(bind);
    held.incrementAndGet();
    s.setSoTimeout(2_000);
    return s;
  }

  private String describe(Sampler.Peak p) {
    return String.format(
        "process FDs baseline %d, peak +%d, of which the forwarder's +%d",
        sampler.fdBaseline(), p.fds(), p.forwarder());
  }

  /**
   * The forwarder held at most {@code forwarderBound} descriptors over the baseline, and the
   * process at most that plus {@code testSide} (what the test and its NodePorts can hold).
   */
  private static void assertBounded(Sampler.Peak p, int forwarderBound, int testSide) {
    assertThat(p.forwarder())
        .as("the forwarder's file descriptors over the baseline")
        .isLessThanOrEqualTo(forwarderBound + SOCKET_SLACK + FD_MARGIN);
    assertThat(p.fds())
        .as("the process's file descriptors over the baseline")
        .isLessThanOrEqualTo(forwarderBound + SOCKET_SLACK + testSide + FD_SLACK);
  }

  /**
   * Applies the abused Service ({@code vip} to {@code target} with {@code limits}) beside the
   * healthy one, warms the healthy one up and starts sampling; returns the healthy one's check.
   */
  private TcpCheck abuse(InetSocketAddress vip, ForwarderLimits limits, InetSocketAddress target)
      throws IOException {
    TcpCheck check = healthyTcp();
    apply(service(ABUSED, limits, tcp(vip, target)), check.service());
    check.warmUp();
    startSampler();
    return check;
  }

  /**
   * Direct memory within {@code bound} over {@code memoryBefore}, and two descriptors per client
   * (its socket, its upstream socket) besides what the test holds.
   */
  private void assertHeldPerClient(
      Sampler.Peak during,
      long memoryBefore,
      long bound,
      int clients,
      TcpCheck check,
      String what) {
    assertThat(during.direct() - memoryBefore)
        .as("direct memory the forwarder holds for %d " + what, clients)
        .isLessThanOrEqualTo(bound);
    assertBounded(during, 2 * clients, clients + clients + check.count());
  }

  /** Starts sampling; the baseline is what the process holds now. */
  private void startSampler() {
    sampler = new Sampler(forwarder, this::owned);
  }

  /** Descriptors the test and its stand-in NodePorts hold. */
  private int owned() {
    return held.get() + tcpBackends.stream().mapToInt(b -> b.open().get()).sum();
  }

  /**
   * The clients go away: so does everything the forwarder held for them (connections, descriptors,
   * upstream sockets).
   */
  private void closeAndAwaitBaseline(List<? extends Closeable> clients) throws IOException {
    for (Closeable c : clients) {
      held.decrementAndGet();
      c.close();
    }
    eventually().until(() -> stats(forwarder, ABUSED).activeConnections() == 0);
    awaitBaseline();
    eventually().until(() -> stats(forwarder, ABUSED).targets().get(0).active() == 0);
  }

  /** Waits until the forwarder holds no descriptor beyond the baseline (give or take a few). */
  private void awaitBaseline() {
    eventually().until(() -> sampler.forwarderNow() <= FD_MARGIN);
  }

  private TcpCheck healthyTcp() {
    Backends.Backend echo = tcpBackend(backends.echo());
    try {
      return new TcpCheck(Fixture.freeTcp(), echo.address());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The healthy TCP Service: a long connection and a new one each time, both must echo. */
  private final class TcpCheck {
    private final InetSocketAddress vip;
    private final InetSocketAddress target;
    private Socket persistent;
    private int n;

    TcpCheck(InetSocketAddress vip, InetSocketAddress target) {
      this.vip = vip;
      this.target = target;
    }

    ServiceForwarding service() {
      return Fixture.simple(HEALTHY, tcp(vip, target));
    }

    /** Checks so far: each may leave the echo's end of its connection open (half-closed). */
    int count() {
      return n;
    }

    void warmUp() throws IOException {
      persistent = tcpClient(vip);
      answers();
    }

    void answers() throws IOException {
      String text = "healthy-" + n++;
      assertThat(roundTrip(persistent, text)).isEqualTo(text);
      Socket fresh = tcpClient(vip);
      assertThat(roundTrip(fresh, text)).isEqualTo(text);
      held.decrementAndGet();
      fresh.close();
    }
  }

  /** The healthy UDP Service: one client, each query answered (a lost datagram is resent). */
  private static final class UdpCheck {
    private final DatagramSocket socket;
    private final InetSocketAddress vip;
    private int n;

    UdpCheck(DatagramSocket socket, InetSocketAddress vip) {
      this.socket = socket;
      this.vip = vip;
    }

    void answers() throws IOException {
      byte[] query = ("healthy-" + n++).getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; attempt < 5; attempt++) {
        socket.send(new DatagramPacket(query, query.length, vip));
        try {
          for (int i = 0; i < 10; i++) { // skip late answers to earlier queries
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            socket.receive(reply);
            String got = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
            if (got.equals(new String(query, StandardCharsets.UTF_8))) {
              assertThat(reply.getSocketAddress()).isEqualTo(vip);
              return;
            }
          }
        } catch (SocketTimeoutException e) {
          // lost: ask again
        }
      }
      throw new AssertionError("the healthy UDP Service did not answer " + (n - 1));
    }
  }

  /**
   * Samples, every 5 ms on its own thread (for a minute at most), the process's file descriptors,
   * the forwarder's among them, the abused Service's gauges and Netty's direct memory, and keeps
   * the peaks. Descriptors are counted over the baseline taken when sampling starts; the
   * forwarder's are the process's less those the test and its stand-in NodePorts hold ({@code
   * owned}: counted after a client connects and before it closes, and from a NodePort's accept to
   * its close, so a moment where both sides are in flux counts against the forwarder).
   */
  private static final class Sampler implements AutoCloseable {
    /**
     * @param fds the process's file descriptors over the baseline
     * @param forwarder the forwarder's file descriptors over the baseline
     */
    record Peak(int fds, int forwarder, long connections, long flows, long direct) {}

    private final NodePortForwarder fwd;
    private final IntSupplier owned;
    private final int fdBaseline;
    private final int ownedBaseline;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Peak peak = new Peak(0, 0, 0, 0, 0);
    private volatile int samples;
    private volatile Throwable failure;

    Sampler(NodePortForwarder fwd, IntSupplier owned) {
      this.fwd = fwd;
      this.owned = owned;
      this.ownedBaseline = owned.getAsInt();
      this.fdBaseline = fds();
      this.thread = new Thread(this::run, "abuse-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    int fdBaseline() {
      return fdBaseline;
    }

    /** The peaks so far; fails if the sampler failed or has not sampled yet. */
    Peak peak() {
      if (failure != null) {
        throw new AssertionError("sampler failed", failure);
      }
      assertThat(samples).as("samples taken").isPositive();
      return peak;
    }

    /** The process's descriptors over the baseline, now. */
    int fdsNow() {
      return fds() - fdBaseline;
    }

    /**
     * The forwarder's descriptors over the baseline, now. The test's count is read on both sides of
     * the listing of /proc/self/fd and the larger taken, so what the test and its stand-in
     * NodePorts open or close meanwhile only makes the result smaller. Read on one side only,
     * sockets they opened or closed while the listing ran counted as the forwarder's: the slowloris
     * peak read +459 and +483 against the 400 the forwarder held, on io_uring, in two full-suite
     * runs (a listing of ~900 entries stalled while the 200 connections were being made).
     */
    int forwarderNow() {
      int before = owned.getAsInt();
      int fds = fds();
      int after = owned.getAsInt();
      return fds - fdBaseline - (Math.max(before, after) - ownedBaseline);
    }

    static long direct() {
      return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT)
          .metric()
          .usedDirectMemory();
    }

    private void run() {
      try {
        sample();
      } catch (Throwable t) { // reported by peak()
        failure = t;
      }
    }

    private void sample() {
      long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!stopped && System.nanoTime() < end) {
        // the test's count on both sides of the listing, the larger taken (see forwarderNow())
        int before = owned.getAsInt();
        int fds = fdsNow();
        int forwarder = fds - (Math.max(before, owned.getAsInt()) - ownedBaseline);
        long connections = 0;
        long flows = 0;
        for (ServiceStats s : fwd.services()) {
          if (s.service().equals(ABUSED)) {
            connections = s.activeConnections();
            flows = s.activeFlows();
          }
        }
        long direct = direct();
        Peak p = peak;
        peak =
            new Peak(
                Math.max(p.fds(), fds),
                Math.max(p.forwarder(), forwarder),
                Math.max(p.connections(), connections),
                Math.max(p.flows(), flows),
                Math.max(p.direct(), direct));
        samples++;
        pace(5);
      }
    }

    private static int fds() {
      return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      thread.join(5_000);
    }
  }
}
