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
