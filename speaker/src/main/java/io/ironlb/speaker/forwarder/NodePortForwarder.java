package io.ironlb.speaker.forwarder;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IronLB's forwarder for {@code ipMode: Proxy} Services on one node: accepts TCP and UDP on each
 * Service's {@code VIP:port} and relays to NodePorts (see docs/forwarder.md).
 *
 * <p>{@link #apply} takes the whole desired {@link ForwarderConfig}: it closes the listeners that
 * are gone (with their connections), updates those that stay (their open connections untouched, new
 * ones see the new targets and settings) and opens new ones. Applying what already runs does
 * nothing; a listener that failed to open is tried again by the next apply. Thread-safe; {@code
 * apply} and {@code close} are serialised.
 */
public final class NodePortForwarder implements ForwarderStats, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodePortForwarder.class);

  private final ForwarderContext context;
  private final Map<String, Listener> listeners = new LinkedHashMap<>(); // by ListenerSettings.key
  private final Map<String, ListenerSettings> applied = new HashMap<>();
  private final Map<String, ServiceCounters> counters = new TreeMap<>();
  private boolean closed;

  private NodePortForwarder(ForwarderContext context) {
    this.context = context;
  }

  /**
   * Starts the event loops (epoll, else io_uring, else NIO), with nothing to forward yet.
   *
   * @param workerThreads event loops for connections (the node's cores is a good start)
   * @param health told when a target goes unhealthy or recovers
   */
  public static NodePortForwarder start(int workerThreads, TargetHealthListener health) {
    return start(NettyTransport.detect(), workerThreads, health);
  }

  /**
   * Starts the event loops on the transport {@code transport} names (see {@link #checkTransport}),
   * with nothing to forward yet.
   */
  public static NodePortForwarder start(
      String transport, int workerThreads, TargetHealthListener health) {
    return start(NettyTransport.select(transport), workerThreads, health);
  }

  /**
   * Returns {@code transport} if it names a transport this host can run: {@code auto}, {@code
   * io_uring}, {@code epoll} or {@code nio}.
   *
   * @throws IllegalArgumentException naming the choices, or why the native transport cannot load
   */
  public static String checkTransport(String transport) {
    NettyTransport.select(transport);
    return transport;
  }

  static NodePortForwarder start(
      NettyTransport transport, int workerThreads, TargetHealthListener health) {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be at least 1: " + workerThreads);
    }
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            workerThreads, new DefaultThreadFactory("ironlb-fwd", true), transport.ioHandlers());
    LOG.info("forwarder started on {} with {} workers", transport.kind(), workerThreads);
    return new NodePortForwarder(
        new ForwarderContext(transport, workers, new ConnectionBalancer(workers), health));
  }

  /** Makes the running listeners match {@code config}. */
  public synchronized ApplyResult apply(ForwarderConfig config) {
    if (closed) {
      throw new IllegalStateException("forwarder closed");
    }
    Map<String, ListenerSettings> desired = new LinkedHashMap<>();
    config
        .services()
        .values()
        .forEach(
            svc ->
                svc.listeners()
                    .forEach(
                        l -> {
                          ListenerSettings s = new ListenerSettings(svc, l, config.healthCheck());
                          desired.put(s.key(), s);
                        }));
    int closedCount = closeRemoved(desired);
    int updated = 0;
    int opened = 0;
    List<ApplyResult.ListenerFailure> failures = new ArrayList<>();
    for (ListenerSettings s : desired.values()) {
      Listener running = listeners.get(s.key());
      if (running != null) {
        if (!s.sameEffect(applied.get(s.key()))) {
          running.update(s);
          updated++;
        }
        applied.put(s.key(), s);
      } else if (open(s, failures)) {
        opened++;
      }
    }
    counters.keySet().retainAll(config.services().keySet());
    return new ApplyResult(opened, updated, closedCount, failures);
  }

  @Override
  public synchronized List<ServiceStats> services() {
    Map<String, List<TargetStats>> targets = new HashMap<>();
    applied.forEach(
        (key, s) ->
            targets
                .computeIfAbsent(s.service().service(), k -> new ArrayList<>())
                .addAll(listeners.get(key).targetStats()));
    List<ServiceStats> out = new ArrayList<>();
    counters.forEach((svc, c) -> out.add(c.snapshot(svc, targets.getOrDefault(svc, List.of()))));
    return out;
  }

  /** TCP connections each worker loop carries now (the listeners' hand-off counts). */
  int[] connectionsPerLoop() {
    return context.connections().carried();
  }

  /** The worker loops, in order (a test holds one up to see the others carry on). */
  List<IoEventLoop> loops() {
    return context.connections().ioLoops();
  }

  /**
   * What relays each open TCP connection: the last handler of its client channel ({@code
   * RelayHandler}) on io_uring and NIO, {@code EpollConnection} (bare sockets) on epoll.
   */
  synchronized List<String> relays() {
    List<String> out = new ArrayList<>();
    for (Listener l : listeners.values()) {
      if (l instanceof TcpListener t) {
        out.addAll(t.relays());
      }
    }
    return out;
  }

  /** Closes every listener and connection, then the event loops. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    listeners.values().forEach(Listener::close);
    listeners.clear();
    context.workers().shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  private int closeRemoved(Map<String, ListenerSettings> desired) {
    List<String> gone = listeners.keySet().stream().filter(k -> !desired.containsKey(k)).toList();
    gone.forEach(
        k -> {
          listeners.remove(k).close();
          applied.remove(k);
        });
    return gone.size();
  }

  private boolean open(ListenerSettings s, List<ApplyResult.ListenerFailure> failures) {
    ServiceCounters c = counters.computeIfAbsent(s.service().service(), k -> new ServiceCounters());
    try {
      Listener l =
          switch (s.spec().protocol()) {
            case TCP -> TcpListener.open(s, context, c);
            case UDP -> UdpListener.open(s, context, c);
          };
      listeners.put(s.key(), l);
      applied.put(s.key(), s);
      return true;
    } catch (Exception e) { // a bind error arrives as a checked exception thrown by Netty
      LOG.warn("{}: cannot listen: {}", s.key(), e.toString());
      failures.add(new ApplyResult.ListenerFailure(s.service().service(), s.spec(), e.toString()));
      return false;
    }
  }
}
