package io.ironlb.speaker.bgp.bfd;

/**
 * Told of every session state change, on the thread that drives the session. A BGP session
 * subscribes and drops at once on {@code UP -> DOWN} (RFC 5882 §3.2 leaves a peer's AdminDown to
 * the client: {@link BfdSession#remoteState()} tells the two apart). Must not throw; if it does,
 * the exception is logged and the session carries on.
 */
@FunctionalInterface
public interface BfdStateListener {

  void onStateChange(BfdState from, BfdState to, BfdDiagnostic why);
}
