package io.ironlb.speaker.bgp.session;

import io.ironlb.speaker.bgp.bfd.BfdState;
import io.ironlb.speaker.bgp.bfd.BfdStateListener;
import io.ironlb.speaker.bgp.session.FsmAction.AnnounceRoutes;
import io.ironlb.speaker.bgp.session.FsmAction.Close;
import io.ironlb.speaker.bgp.session.FsmAction.Dial;
import io.ironlb.speaker.bgp.session.FsmAction.Send;
import io.ironlb.speaker.bgp.session.FsmAction.StartTimer;
import io.ironlb.speaker.bgp.session.FsmAction.StateChange;
import io.ironlb.speaker.bgp.session.FsmAction.StopTimer;
import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.BgpMessage;
import io.ironlb.speaker.bgp.wire.Notification;
import io.ironlb.speaker.bgp.wire.Update;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The BGP session with one peer, on Netty: runs a {@link BgpFsm} on its event loop, dials the peer
 * and takes the connections a {@link BgpListener} accepts from it, and keeps the peer's view of our
 * routes equal to the {@link RouteSource} (see {@link AdjRibOut}). Public methods are thread-safe:
 * they hand over to the event loop. Received UPDATEs are decoded and ignored.
 */
public final class BgpSession {

  private static final Logger LOG = LoggerFactory.getLogger(BgpSession.class);

  private final BgpFsm fsm;
  private final PeerEndpoint endpoint;
  private final SessionTransport transport;
  private final RouteSource routes;
  private final SessionListener listener;
  private final SessionTimers timers;
  private final AdjRibOut ribOut = new AdjRibOut();
  private final Map<Connection, Channel> channels = new HashMap<>();
  private final Map<Connection, ChannelFuture> dials = new HashMap<>();
  private final AtomicLong inboundIds = new AtomicLong();
  private volatile BgpState state = BgpState.IDLE;
  private volatile String reason = "not started";
  private boolean abandoned;
  private UpdateFactory factory;

  public BgpSession(
      FsmConfig config,
      PeerEndpoint endpoint,
      SessionTransport transport,
      Scheduler scheduler,
      RouteSource routes,
      SessionListener listener) {
    this.fsm = new BgpFsm(config);
    this.endpoint = endpoint;
    this.transport = transport;
    this.routes = routes;
    this.listener = listener;
    this.timers = new SessionTimers(scheduler, t -> fire(new FsmEvent.TimerExpires(t)));
  }

  /** RFC 4271 ManualStart; refused (state stays Idle, {@link #reason()} says why) without MD5. */
  public void start() {
    onLoop(
        () -> {
          Optional<String> problem = TransportOptions.problem(endpoint, transport.channelType());
          if (problem.isPresent()) {
            reason = problem.get();
            LOG.error("BGP session {} not started: {}", endpoint.name(), reason);
            listener.refused(endpoint.name(), reason);
            return;
          }
          handle(new FsmEvent.ManualStart());
        });
  }

  /** RFC 4271 ManualStop: Cease / Administrative Shutdown (6,2) to the peer, then Idle. */
  public void stop() {
    fire(new FsmEvent.ManualStop(BgpError.CEASE_ADMINISTRATIVE_SHUTDOWN));
  }

  /**
   * For a speaker restart with graceful restart negotiated (RFC 4724 §4.1): closes the connections
   * without a NOTIFICATION, so the peer keeps our routes as stale for the restart time and the
   * restarted speaker refreshes them. The session does nothing afterwards. A NOTIFICATION (what
   * {@link #stop()} sends) would make the peer withdraw them at once.
   */
  public void closeForRestart() {
    onLoop(
        () -> {
          abandoned = true;
          dials.values().forEach(f -> f.cancel(false));
          dials.clear();
          channels.values().forEach(Channel::close);
          channels.clear();
          timers.stopAll();
          state = BgpState.IDLE;
          reason = "closed for a restart (graceful restart: the peer keeps our routes)";
          LOG.info("BGP session {} closed without NOTIFICATION for a restart", endpoint.name());
        });
  }

  /** The route source changed: send the difference (new routes, withdrawals). */
  public void routesChanged() {
    onLoop(
        () ->
            fsm.establishedConnection()
                .ifPresent(c -> announce(c, fsm.negotiated().orElseThrow().families(), false)));
  }

  /**
   * BFD saw the peer go down: drop the session at once (Cease / BFD Down, RFC 9384) and back off.
   */
  public void bfdDown() {
    fire(new FsmEvent.BfdDown());
  }

  /** Hook for the peer's BFD session: Up to Down drops this session. */
  public BfdStateListener bfdListener() {
    return (from, to, why) -> {
      if (from == BfdState.UP && to == BfdState.DOWN) {
        bfdDown();
      }
    };
  }

  /** The state as last reported (readable from any thread). */
  public BgpState state() {
    return state;
  }

  /** Why the state last changed, or why the session did not start. */
  public String reason() {
    return reason;
  }

  public PeerEndpoint endpoint() {
    return endpoint;
  }

  String peer() {
    return endpoint.name();
  }

  /** An inbound connection from the peer (on the channel's event loop, before it reads). */
  void accept(Channel ch) {
    Connection c = Connection.inbound(inboundIds.incrementAndGet());
    TransportOptions.applyAccepted(ch, endpoint);
    new BgpChannelHandler(this, c).install(ch);
    onLoop(
        () -> {
          channels.put(c, ch);
          handle(new FsmEvent.TcpConnectionConfirmed(c));
        });
  }

  void fire(FsmEvent event) {
    onLoop(() -> handle(event));
  }

  void updateReceived(Connection c, Update update) {
    onLoop(
        () -> {
          if (fsm.establishedConnection().equals(Optional.of(c))) {
            listener.updateReceived(endpoint.name(), update);
          }
          handle(new FsmEvent.UpdateMsg(c, update));
        });
  }

  private void onLoop(Runnable task) {
    if (transport.loop().inEventLoop()) {
      task.run();
    } else {
      transport.loop().execute(task);
    }
  }

  private void handle(FsmEvent event) {
    if (abandoned) {
      return;
    }
    try (MDC.MDCCloseable peer = MDC.putCloseable("peer", endpoint.name())) {
      for (FsmAction action : fsm.handle(event)) {
        perform(action);
      }
    }
  }

  private void perform(FsmAction action) {
    if (action instanceof Dial d) {
      dial(d.connection());
    } else if (action instanceof Send s) {
      send(s.connection(), s.message());
    } else if (action instanceof Close c) {
      close(c.connection());
    } else if (action instanceof StartTimer t) {
      timers.start(t.timer(), t.delay());
    } else if (action instanceof StopTimer t) {
      timers.stop(t.timer());
    } else if (action instanceof StateChange s) {
      stateChanged(s);
    } else if (action instanceof AnnounceRoutes r) {
      announce(r.connection(), r.families(), true);
    }
  }

  private void dial(Connection c) {
    BgpSession self = this;
    Bootstrap b =
        new Bootstrap()
            .group(transport.loop())
            .channel(transport.channelType())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    new BgpChannelHandler(self, c).install(ch);
                  }
                });
    TransportOptions.apply(b, endpoint, transport.channelType());
    ChannelFuture f =
        endpoint.source().isPresent()
            ? b.connect(endpoint.remote(), endpoint.source().get())
            : b.connect(endpoint.remote());
    dials.put(c, f);
    f.addListener(done -> onLoop(() -> dialed(c, f)));
  }

  private void dialed(Connection c, ChannelFuture f) {
    if (dials.remove(c) == null) {
      f.channel().close(); // abandoned meanwhile (the FSM closed it)
      return;
    }
    if (f.isSuccess()) {
      channels.put(c, f.channel());
      handle(new FsmEvent.TcpConnectionConfirmed(c));
    } else {
      LOG.debug("dial {} to {} failed: {}", c, endpoint.name(), String.valueOf(f.cause()));
      handle(new FsmEvent.TcpConnectionFails(c));
    }
  }

  private void send(Connection c, BgpMessage message) {
    Channel ch = channels.get(c);
    if (message instanceof Notification n) {
      LOG.warn("sending NOTIFICATION {} to {} on {}", n.error(), endpoint.name(), c);
    }
    if (ch != null) {
      ch.writeAndFlush(message)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  LOG.debug("sending {} on {} failed: {}", message.type(), c, f.cause().toString());
                }
              });
    }
  }

  private void close(Connection c) {
    ChannelFuture pending = dials.remove(c);
    if (pending != null) {
      pending.cancel(false);
      pending.channel().close();
    }
    Channel ch = channels.remove(c);
    if (ch != null) {
      // after what was written on it (a NOTIFICATION, RFC 4271 §4.5)
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void stateChanged(StateChange change) {
    state = change.to();
    reason = change.reason();
    if (change.from() == BgpState.ESTABLISHED) {
      ribOut.clear();
      factory = null;
    }
    if (change.to() == BgpState.ESTABLISHED || change.from() == BgpState.ESTABLISHED) {
      LOG.info("BGP session {} {} -> {}: {}", endpoint.name(), change.from(), change.to(), reason);
    } else {
      LOG.debug("BGP session {} {} -> {}: {}", endpoint.name(), change.from(), change.to(), reason);
    }
    listener.stateChanged(endpoint.name(), change.from(), change.to(), change.reason());
  }

  /** Sends the routes of {@code families}: all of them, or what changed since the last time. */
  private void announce(Connection c, Set<AddressFamily> families, boolean everything) {
    Channel ch = channels.get(c);
    Optional<Negotiated> terms = fsm.negotiated();
    if (ch == null || terms.isEmpty()) {
      return;
    }
    if (factory == null) {
      factory = NextHops.factory(fsm, endpoint, ch, terms.get());
    }
    int count = 0;
    for (AddressFamily family : NextHops.ordered(families)) {
      if (!factory.canAnnounce(family)) {
        LOG.warn("no {} next hop for {}: its routes are not announced", family, endpoint.name());
        continue;
      }
      List<Update> updates = ribOut.sync(family, routes.routes(family), everything, factory);
      updates.forEach(ch::write);
      count += updates.size();
    }
    ch.flush();
    if (count > 0) {
      LOG.debug("sent {} UPDATEs to {}", count, endpoint.name());
      listener.updatesSent(endpoint.name(), count);
    }
  }
}
