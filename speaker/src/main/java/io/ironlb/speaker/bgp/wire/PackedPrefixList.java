package io.ironlb.speaker.bgp.wire;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * An immutable list of prefixes kept in their wire encoding: one byte array and one offset per
 * prefix; a {@link Prefix} is built only when {@link #get} asks for it. Decoding an UPDATE full of
 * NLRI therefore costs two arrays, not thousands of objects (received routes are ignored).
 */
final class PackedPrefixList extends AbstractList<Prefix> implements RandomAccess {

  private final byte[] wire;
  private final int[] offsets;
  private final int addressBytes;

  PackedPrefixList(byte[] wire, int[] offsets, int addressBytes) {
    this.wire = wire;
    this.offsets = offsets;
    this.addressBytes = addressBytes;
  }

  @Override
  public Prefix get(int index) {
    int offset = offsets[index];
    int length = wire[offset] & 0xFF;
    byte[] address = new byte[addressBytes];
    System.arraycopy(wire, offset + 1, address, 0, (length + 7) / 8);
    // RFC 4271 §4.3: trailing bits are irrelevant; mask them (liberal on receive)
    return new Prefix(Prefix.masked(address, length), length);
  }

  @Override
  public int size() {
    return offsets.length;
  }

  @Override
  public String toString() {
    return offsets.length <= 8 ? super.toString() : "[" + offsets.length + " prefixes]";
  }

  /** For tests: the wire bytes this list reads from. */
  byte[] wire() {
    return Arrays.copyOf(wire, wire.length);
  }
}
