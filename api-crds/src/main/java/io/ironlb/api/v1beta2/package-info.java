/** The {@code metallb.io/v1beta2} kinds: BGPPeer. */
package io.ironlb.api.v1beta2;
