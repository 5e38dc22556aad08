/**
 * The forwarder for {@code ipMode: Proxy} Services: accepts TCP connections and UDP datagrams on
 * {@code VIP:port} and relays them to the Service's NodePorts, optionally behind a PROXY protocol
 * header. {@link io.ironlb.speaker.forwarder.NodePortForwarder} is the entry point; it applies a
 * whole {@link io.ironlb.speaker.forwarder.ForwarderConfig} at a time. See docs/forwarder.md.
 */
package io.ironlb.speaker.forwarder;
