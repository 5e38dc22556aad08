package io.ironlb.speaker.membership;

import io.ironlb.speaker.membership.MalformedHeartbeatException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one heartbeat wire format (version 1). All integers are big-endian (network order).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+---------------+-----------+-+-+
 * |     magic 0x49 0x4C ("IL")    |  version = 1  |   unused  |M|L|
 * +-------------------------------+---------------+-----------+-+-+
 * |                       boot id (64 bits)                       |
 * +                                                               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                    sequence (64 bits, >= 0)                   |
 * +                                                               +
 * |                                                               |
 * +---------------+-----------------------------------------------+
 * | name length n | node name: n bytes, 1..253, DNS-1123 ...      |
 * +---------------+-----------------------------------------------+
 * | only if M: HMAC-SHA256 of all bytes before it, first 16 bytes |
 * +---------------------------------------------------------------+
 *
 *  flags: L (0x01) = leaving, M (0x02) = MAC present; other bits must be 0.
 *  length = 21 + n (+ 16 with M): 22..290 bytes, exactly; no trailing bytes.
 * </pre>
 *
 * <p>With a key, every frame must carry a MAC that verifies (compared in constant time); without
 * one, a frame with a MAC is rejected too, so a misconfigured key shows up as rejected heartbeats
 * rather than as silently unauthenticated traffic. The codec is thread-safe.
 */
public final class HeartbeatCodec {

  static final int MAGIC = 0x494C;
  static final int VERSION = 1;
  static final int FLAG_LEAVING = 0x01;
  static final int FLAG_MAC = 0x02;
  static final int HEADER_LENGTH = 21;
  static final int MAC_LENGTH = 16;

  /** Datagrams above this size are never heartbeats; the receive buffer is one byte larger. */
  static final int MAX_DATAGRAM = 512;

  private static final String HMAC = "HmacSHA256";

  private final Optional<SecretKeySpec> key;
  private final ThreadLocal<Mac> macs;

  /** A codec that signs and requires a MAC when {@code key} is present. */
  public HeartbeatCodec(Optional<byte[]> key) {
    Objects.requireNonNull(key, "key");
    key.ifPresent(k -> checkKey(k));
    this.key = key.map(k -> new SecretKeySpec(k.clone(), HMAC));
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The frame for {@code hb}, with a MAC when this codec has a key. */
  public byte[] encode(Heartbeat hb) {
    byte[] name = hb.node().getBytes(StandardCharsets.US_ASCII);
    int flags = (hb.leaving() ? FLAG_LEAVING : 0) | (key.isPresent() ? FLAG_MAC : 0);
    int bodyLength = HEADER_LENGTH + name.length;
    ByteBuffer out = ByteBuffer.allocate(bodyLength + (key.isPresent() ? MAC_LENGTH : 0));
    out.putShort((short) MAGIC).put((byte) VERSION).put((byte) flags);
    out.putLong(hb.bootId()).putLong(hb.sequence());
    out.put((byte) name.length).put(name);
    if (key.isPresent()) {
      out.put(mac(out.array(), bodyLength));
    }
    return out.array();
  }

  /**
   * Decodes the first {@code length} bytes of {@code data}.
   *
   * @throws MalformedHeartbeatException if they are not exactly one valid frame for this codec
   * @throws IndexOutOfBoundsException if {@code length} is outside {@code data}
   */
  public Heartbeat decode(byte[] data, int length) throws MalformedHeartbeatException {
    Objects.checkFromIndexSize(0, length, data.length);
    if (length > MAX_DATAGRAM) {
      throw new MalformedHeartbeatException(Reason.TOO_LONG, length + " bytes");
    }
    if (length < HEADER_LENGTH) {
      throw new MalformedHeartbeatException(Reason.TOO_SHORT, length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(data, 0, length);
    int flags = checkHeader(in);
    long bootId = in.getLong();
    long sequence = in.getLong();
    int nameLength = in.get() & 0xFF;
    int bodyLength = HEADER_LENGTH + nameLength;
    boolean hasMac = (flags & FLAG_MAC) != 0;
    checkLength(length, bodyLength, hasMac);
    checkMac(data, bodyLength, hasMac);
    if (sequence < 0) {
      throw new MalformedHeartbeatException(Reason.BAD_SEQUENCE, Long.toString(sequence));
    }
    String node = new String(data, HEADER_LENGTH, nameLength, StandardCharsets.ISO_8859_1);
    if (!Heartbeat.isValidNodeName(node)) {
      throw new MalformedHeartbeatException(Reason.BAD_NAME, "not a DNS-1123 subdomain");
    }
    return new Heartbeat(node, bootId, sequence, (flags & FLAG_LEAVING) != 0);
  }

  private static int checkHeader(ByteBuffer in) throws MalformedHeartbeatException {
    int magic = in.getShort() & 0xFFFF;
    if (magic != MAGIC) {
      throw new MalformedHeartbeatException(Reason.BAD_MAGIC, Integer.toHexString(magic));
    }
    int version = in.get() & 0xFF;
    if (version != VERSION) {
      throw new MalformedHeartbeatException(Reason.BAD_VERSION, Integer.toString(version));
    }
    int flags = in.get() & 0xFF;
    if ((flags & ~(FLAG_LEAVING | FLAG_MAC)) != 0) {
      throw new MalformedHeartbeatException(Reason.BAD_FLAGS, Integer.toHexString(flags));
    }
    return flags;
  }

  private static void checkLength(int length, int bodyLength, boolean hasMac)
      throws MalformedHeartbeatException {
    int expected = bodyLength + (hasMac ? MAC_LENGTH : 0);
    if (bodyLength == HEADER_LENGTH || bodyLength > HEADER_LENGTH + Heartbeat.MAX_NAME_LENGTH) {
      throw new MalformedHeartbeatException(
          Reason.BAD_NAME, "name length " + (bodyLength - HEADER_LENGTH));
    }
    if (length != expected) {
      throw new MalformedHeartbeatException(
          Reason.BAD_LENGTH, "frame says " + expected + " bytes, datagram has " + length);
    }
  }

  private void checkMac(byte[] data, int bodyLength, boolean hasMac)
      throws MalformedHeartbeatException {
    if (key.isEmpty()) {
      if (hasMac) {
        throw new MalformedHeartbeatException(Reason.UNEXPECTED_MAC, "no key configured");
      }
      return;
    }
    if (!hasMac) {
      throw new MalformedHeartbeatException(Reason.MISSING_MAC, "a key is configured");
    }
    byte[] received = Arrays.copyOfRange(data, bodyLength, bodyLength + MAC_LENGTH);
    if (!MessageDigest.isEqual(mac(data, bodyLength), received)) {
      throw new MalformedHeartbeatException(Reason.BAD_MAC, "HMAC does not verify");
    }
  }

  private byte[] mac(byte[] data, int length) {
    Mac mac = macs.get();
    mac.update(data, 0, length);
    return Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key.orElseThrow());
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static void checkKey(byte[] k) {
    if (k.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }
}
