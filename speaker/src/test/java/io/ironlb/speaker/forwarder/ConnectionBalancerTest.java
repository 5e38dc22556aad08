package io.ironlb.speaker.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which worker loop an accepted connection is registered with. */
class ConnectionBalancerTest {

  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(3, NioIoHandler.newFactory());
  private final ConnectionBalancer balancer = new ConnectionBalancer(workers);
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();

  ConnectionBalancerTest() {
    workers.forEach(e -> loops.add((EventLoop) e));
  }

  @AfterEach
  void stop() {
    channels.forEach(ch -> ch.close().awaitUninterruptibly());
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** Registers a new channel as the loop {@code from} would register one it accepted. */
  private EventLoop acceptOn(int from) throws Exception {
    Channel ch = new NioSocketChannel();
    channels.add(ch);
    loops
        .get(from)
        .submit(() -> balancer.register(ch).syncUninterruptibly())
        .get(5, TimeUnit.SECONDS);
    return ch.eventLoop();
  }

  @Test
  void theAcceptingLoopKeepsAConnectionUnlessAnotherLoopCarriesFewer() throws Exception {
    assertThat(acceptOn(0)).isSameAs(loops.get(0)); // all carry 0: no hand-off
    assertThat(acceptOn(0)).isSameAs(loops.get(1)); // 1 against 0: the least loaded, first of ties
    assertThat(acceptOn(0)).isSameAs(loops.get(2));
    assertThat(acceptOn(0)).isSameAs(loops.get(0)); // all carry 1 again
    assertThat(acceptOn(2)).isSameAs(loops.get(2)); // carries 1, as few as any: keeps it
    assertThat(acceptOn(1)).isSameAs(loops.get(1)); // the same
    assertThat(balancer.carried()).containsExactly(2, 2, 2);
    assertThat(acceptOn(1)).isSameAs(loops.get(1));
    assertThat(acceptOn(1)).isSameAs(loops.get(0)); // carries 3: the first of the least loaded
    assertThat(balancer.carried()).containsExactly(3, 3, 2);
  }

  /** As epoll's acceptor on loop {@code from} takes a connection: the index of its loop. */
  private int acquireOn(int from) throws Exception {
    return loops.get(from).submit(balancer::acquire).get(5, TimeUnit.SECONDS);
  }

  @Test
  void onEpollTheAcceptingLoopKeepsConnectionsUntilItCarriesMoreThanTheSlackAboveTheLeast()
      throws Exception {
    int slack = ConnectionBalancer.HANDOFF_SLACK;
    for (int i = 0; i <= slack; i++) {
      assertThat(acquireOn(0)).isZero(); // carries 0..slack above the others: keeps it
    }
    assertThat(acquireOn(0)).isEqualTo(1); // slack + 1 above: the first of the least loaded
    assertThat(balancer.carried()).containsExactly(slack + 1, 1, 0);

    balancer.release(0);
    balancer.release(0);
    assertThat(balancer.carried()).containsExactly(slack - 1, 1, 0);
    assertThat(acquireOn(0)).isZero(); // a release brings it back within the slack
    assertThat(balancer.loop(acquireOn(2)))
        .isSameAs(loops.get(2)); // the least loaded keeps its own
    assertThat(balancer.carried()).containsExactly(slack, 1, 1);
  }

  @Test
  void aClosedConnectionNoLongerCounts() throws Exception {
    for (int i = 0; i < 3; i++) {
      acceptOn(0); // one on each loop
    }
    channels.get(1).close().syncUninterruptibly(); // loop 1's
    channels.get(2).close().syncUninterruptibly(); // loop 2's

    assertThat(balancer.carried()).containsExactly(1, 0, 0);
    assertThat(acceptOn(0)).isSameAs(loops.get(1));
  }

  @Test
  void fromAThreadThatIsNoWorkerTheLeastLoadedLoopTakesTheConnection() throws Exception {
    acceptOn(0);
    Channel ch = new NioSocketChannel();
    channels.add(ch);
    balancer.register(ch).syncUninterruptibly(); // from the test's thread

    assertThat(ch.eventLoop()).isSameAs(loops.get(1));
    assertThat(balancer.carried()).containsExactly(1, 1, 0);
  }
}
