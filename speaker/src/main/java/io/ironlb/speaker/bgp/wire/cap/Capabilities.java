package io.ironlb.speaker.bgp.wire.cap;

import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OPEN's Optional Parameters (RFC 4271 §4.2) as a list of capabilities (RFC 5492 §4): the
 * registry of known capability codes, and the reading and writing of the parameters:
 *
 * <pre>
 * +-----------------+-----------------+----------------------------------+
 * | Param. Type (1) | Param. Len. (1) | Param. Value: capabilities ...   |   Type 2 only
 * +-----------------+-----------------+----------------------------------+
 * </pre>
 *
 * Capabilities may come one per parameter (as FRR and GoBGP send them) or several in one (BIRD);
 * both read the same. They are written in one parameter, split only where 255 bytes are exceeded.
 */
public final class Capabilities {

  /** Optional parameter type 2: Capabilities (RFC 5492 §4). */
  public static final int PARAMETER_CAPABILITIES = 2;

  /** The known capabilities, by code; anything else becomes an {@link UnknownCapability}. */
  static final Map<Integer, CapabilityCodec> CODECS =
      Map.of(
          MultiprotocolCapability.CODE, MultiprotocolCapability::decode,
          RouteRefreshCapability.CODE, RouteRefreshCapability::decode,
          GracefulRestartCapability.CODE, GracefulRestartCapability::decode,
          FourOctetAsCapability.CODE, FourOctetAsCapability::decode);

  private Capabilities() {}

  /** Reads all optional parameters in {@code params}; only type 2 is accepted. */
  public static List<Capability> readParameters(ByteBuf params) {
    List<Capability> capabilities = new ArrayList<>();
    while (params.isReadable()) {
      require(params.readableBytes() >= 2, "truncated optional parameter header");
      int type = params.readUnsignedByte();
      int length = params.readUnsignedByte();
      require(params.readableBytes() >= length, "optional parameter overruns the OPEN");
      if (type != PARAMETER_CAPABILITIES) {
        // RFC 4271 §6.2; also the RFC 9072 extended format (type 255), which IronLB does not speak
        throw new BgpCodecException(
            BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + type);
      }
      readCapabilities(params.readSlice(length), capabilities);
    }
    return List.copyOf(capabilities);
  }

  private static void readCapabilities(ByteBuf value, List<Capability> into) {
    while (value.isReadable()) {
      require(value.readableBytes() >= 2, "truncated capability header");
      int code = value.readUnsignedByte();
      int length = value.readUnsignedByte();
      require(value.readableBytes() >= length, "capability " + code + " overruns its parameter");
      ByteBuf capValue = value.readSlice(length);
      CapabilityCodec codec = CODECS.get(code);
      into.add(
          codec == null
              ? new UnknownCapability(code, ByteBufUtil.getBytes(capValue))
              : codec.decode(capValue));
    }
  }

  /** Writes {@code capabilities} as Capabilities parameters, each at most 255 bytes long. */
  public static void writeParameters(ByteBuf out, List<Capability> capabilities) {
    int lengthIndex = -1;
    for (Capability c : capabilities) {
      int size = 2 + c.valueLength();
      if (lengthIndex < 0 || out.writerIndex() - lengthIndex - 1 + size > 255) {
        out.writeByte(PARAMETER_CAPABILITIES);
        lengthIndex = out.writerIndex();
        out.writeByte(0);
      }
      out.writeByte(c.code()).writeByte(c.valueLength());
      c.writeValue(out);
      out.setByte(lengthIndex, out.writerIndex() - lengthIndex - 1);
    }
  }

  /**
   * RFC 5492 §5: throws Unsupported Capability (2,7), listing in its data the {@code required}
   * capabilities the peer did not advertise, unless all of them are in {@code advertised}.
   */
  public static void requireAll(List<Capability> advertised, List<Capability> required) {
    List<Capability> missing = new ArrayList<>(required);
    missing.removeAll(advertised);
    if (missing.isEmpty()) {
      return;
    }
    ByteBuf data = Unpooled.buffer();
    try {
      for (Capability c : missing) {
        data.writeByte(c.code()).writeByte(c.valueLength());
        c.writeValue(data);
      }
      throw new BgpCodecException(
          BgpError.UNSUPPORTED_CAPABILITY, ByteBufUtil.getBytes(data), "peer lacks " + missing);
    } finally {
      data.release();
    }
  }

  /** RFC 4271 §6.2: a recognised optional parameter that is malformed gets subcode 0. */
  static void requireLength(ByteBuf value, int expected, String what) {
    if (value.readableBytes() != expected) {
      throw new BgpCodecException(
          BgpError.OPEN_UNSPECIFIC,
          "malformed " + what + " capability, length " + value.readableBytes());
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new BgpCodecException(BgpError.OPEN_UNSPECIFIC, message);
    }
  }
}
