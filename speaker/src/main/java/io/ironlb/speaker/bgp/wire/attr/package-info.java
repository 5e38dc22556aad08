/**
 * UPDATE path attributes (RFC 4271 §5 and extensions): one class per known attribute, registered by
 * type code in {@link io.ironlb.speaker.bgp.wire.attr.PathAttributes}, with the RFC 7606 handling
 * of each when malformed.
 */
package io.ironlb.speaker.bgp.wire.attr;
