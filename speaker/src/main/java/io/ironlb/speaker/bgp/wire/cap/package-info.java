/**
 * OPEN capabilities (RFC 5492): one record per known capability, registered by code in {@link
 * io.ironlb.speaker.bgp.wire.cap.Capabilities}; unknown ones are kept opaque.
 */
package io.ironlb.speaker.bgp.wire.cap;
