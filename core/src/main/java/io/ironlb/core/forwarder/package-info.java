/**
 * The vocabulary of IronLB's forwarder for {@code ipMode: Proxy} Services: the modes, PROXY
 * protocol versions and target policies, and the {@code ironlb.io/} annotations that select them.
 * Pure values; the speaker's {@code forwarder} package runs them on Netty.
 */
package io.ironlb.core.forwarder;
