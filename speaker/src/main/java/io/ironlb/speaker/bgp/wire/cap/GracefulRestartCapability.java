package io.ironlb.speaker.bgp.wire.cap;

import io.ironlb.speaker.bgp.wire.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Graceful Restart capability (RFC 4724 §3), code 64, length 2 + 4 per family:
 *
 * <pre>
 *  0 1 2 3 4                     15
 * +-+-+-+-+-----------------------+
 * |R|N|0|0|  Restart Time (secs)  |   R: restart state, N: notification (RFC 8538)
 * +-+-+-+-+-----------------------+
 * |    AFI (16)   |SAFI(8)|F|0...0|   repeated per family; F: forwarding state preserved
 * +---------------+-------+-+-----+
 * </pre>
 *
 * @param restartState R bit: the sender has restarted and its peer must not wait for End-of-RIB
 * @param restartTime seconds the peer should keep our routes while we restart (0..4095)
 * @param families the families whose forwarding state the sender can preserve
 * @param notification N bit: graceful restart also covers NOTIFICATIONs (RFC 8538 §2)
 */
public record GracefulRestartCapability(
    boolean restartState, int restartTime, List<Family> families, boolean notification)
    implements Capability {

  public static final int CODE = 64;

  private static final int R_BIT = 0x8000;
  private static final int N_BIT = 0x4000;
  private static final int F_BIT = 0x80;

  /** One (AFI, SAFI) entry with its F bit. */
  public record Family(int afi, int safi, boolean forwardingStatePreserved) {
    public Family {
      new AddressFamily(afi, safi); // range check
    }
  }

  public GracefulRestartCapability {
    if (restartTime < 0 || restartTime > 0xFFF) {
      throw new IllegalArgumentException("restart time out of 0..4095: " + restartTime);
    }
    families = List.copyOf(families);
    if (families.size() > 63) {
      throw new IllegalArgumentException("too many families: " + families.size());
    }
  }

  /** Without the N bit. */
  public GracefulRestartCapability(boolean restartState, int restartTime, List<Family> families) {
    this(restartState, restartTime, families, false);
  }

  @Override
  public int code() {
    return CODE;
  }

  @Override
  public int valueLength() {
    return 2 + 4 * families.size();
  }

  @Override
  public void writeValue(ByteBuf out) {
    out.writeShort((restartState ? R_BIT : 0) | (notification ? N_BIT : 0) | restartTime);
    for (Family f : families) {
      out.writeShort(f.afi())
          .writeByte(f.safi())
          .writeByte(f.forwardingStatePreserved() ? F_BIT : 0);
    }
  }

  static GracefulRestartCapability decode(ByteBuf value) {
    if (value.readableBytes() < 2 || (value.readableBytes() - 2) % 4 != 0) {
      Capabilities.requireLength(value, -1, "graceful restart");
    }
    int flagsAndTime = value.readUnsignedShort();
    List<Family> families = new ArrayList<>();
    while (value.isReadable()) {
      int afi = value.readUnsignedShort();
      int safi = value.readUnsignedByte();
      families.add(new Family(afi, safi, (value.readUnsignedByte() & F_BIT) != 0));
    }
    return new GracefulRestartCapability(
        (flagsAndTime & R_BIT) != 0, flagsAndTime & 0xFFF, families, (flagsAndTime & N_BIT) != 0);
  }
}
