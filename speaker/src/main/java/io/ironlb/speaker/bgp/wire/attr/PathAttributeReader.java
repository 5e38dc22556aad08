package io.ironlb.speaker.bgp.wire.attr;

import io.ironlb.speaker.bgp.wire.BgpCodecContext;
import io.ironlb.speaker.bgp.wire.BgpCodecException;
import io.ironlb.speaker.bgp.wire.BgpError;
import io.ironlb.speaker.bgp.wire.Malformation;
import io.ironlb.speaker.bgp.wire.Malformation.Action;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Path Attributes field, applying RFC 4271 §6.3 as revised by RFC 7606: which problem
 * resets the session (thrown), which withdraws the UPDATE's routes, which drops one attribute.
 */
final class PathAttributeReader {

  private final ByteBuf field;
  private final BgpCodecContext ctx;
  private final List<PathAttribute> attributes = new ArrayList<>();
  private final List<Malformation> problems = new ArrayList<>();
  private final boolean[] seen = new boolean[256];

  PathAttributeReader(ByteBuf field, BgpCodecContext ctx) {
    this.field = field;
    this.ctx = ctx;
  }

  PathAttributes.Decoded readAll() {
    while (field.isReadable() && readOne()) {
      // next attribute
    }
    return new PathAttributes.Decoded(attributes, problems);
  }

  /** Reads one attribute; false when the rest of the field cannot be parsed. */
  private boolean readOne() {
    int start = field.readerIndex();
    int flags = field.readUnsignedByte();
    int type = field.isReadable() ? field.readUnsignedByte() : 0;
    int lengthBytes = (flags & PathAttribute.EXTENDED_LENGTH) != 0 ? 2 : 1;
    if (field.readableBytes() < lengthBytes) {
      // RFC 7606 §4: too few octets left for an attribute header
      return giveUp(BgpError.MALFORMED_ATTRIBUTE_LIST, 0, "truncated attribute header");
    }
    int length = lengthBytes == 2 ? field.readUnsignedShort() : field.readUnsignedByte();
    if (length > field.readableBytes()) {
      if (isMultiprotocol(type)) {
        // RFC 7606 §3(j): the MP NLRI cannot be located
        throw new BgpCodecException(
            BgpError.ATTRIBUTE_LENGTH_ERROR,
            bytes(start, field.writerIndex()),
            "MP attribute overruns the field");
      }
      // RFC 7606 §4: the last attribute overruns the Total Path Attribute Length
      return giveUp(BgpError.ATTRIBUTE_LENGTH_ERROR, type, "attribute " + type + " overruns");
    }
    ByteBuf value = field.readSlice(length);
    accept(flags, type, value, bytes(start, field.readerIndex()));
    return true;
  }

  private void accept(int flags, int type, ByteBuf value, byte[] attribute) {
    if (seen[type]) {
      duplicate(type);
      return;
    }
    seen[type] = true;
    AttributeCodec codec = PathAttributes.CODECS.get(type);
    if (codec == null) {
      unrecognized(flags, type, value, attribute);
    } else if ((flags & PathAttribute.OPTIONAL_TRANSITIVE) != codec.flags()) {
      // RFC 7606 §3(c): O/T bits in conflict -> treat-as-withdraw; MP attributes: RFC 4760 §7
      BgpCodecException e =
          new BgpCodecException(
              BgpError.ATTRIBUTE_FLAGS_ERROR,
              "flags 0x" + Integer.toHexString(flags) + " on " + type);
      handle(
          e,
          codec.onMalformed() == Action.SESSION_RESET
              ? Action.SESSION_RESET
              : Action.TREAT_AS_WITHDRAW,
          type,
          attribute);
    } else if (PathAttributes.unsupportedFamily(type, value)) {
      problems.add(
          new Malformation(
              BgpError.OPTIONAL_ATTRIBUTE_ERROR,
              type,
              Action.ATTRIBUTE_DISCARD,
              "unsupported AFI/SAFI"));
    } else {
      try {
        attributes.add(codec.decoder().decode(value, ctx));
      } catch (BgpCodecException e) {
        handle(e, codec.onMalformed(), type, attribute);
      }
    }
  }

  /** RFC 7606 §3(g): a repeated MP attribute resets, any other repeat is discarded. */
  private void duplicate(int type) {
    if (isMultiprotocol(type)) {
      throw new BgpCodecException(
          BgpError.MALFORMED_ATTRIBUTE_LIST, "attribute " + type + " twice");
    }
    problems.add(
        new Malformation(
            BgpError.MALFORMED_ATTRIBUTE_LIST, type, Action.ATTRIBUTE_DISCARD, "repeated"));
  }

  private void unrecognized(int flags, int type, ByteBuf value, byte[] attribute) {
    if ((flags & PathAttribute.OPTIONAL) == 0) {
      // RFC 4271 §6.3: unrecognized well-known attribute, data is the attribute
      throw new BgpCodecException(
          BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, attribute, "well-known type " + type);
    }
    if ((flags & PathAttribute.TRANSITIVE) != 0) {
      attributes.add(new UnknownAttribute(flags & 0xE0, type, ByteBufUtil.getBytes(value)));
    }
    // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored
  }

  private void handle(BgpCodecException e, Action action, int type, byte[] attribute) {
    if (action == Action.SESSION_RESET) {
      throw PathAttributes.withAttribute(e, attribute);
    }
    problems.add(new Malformation(e.error(), type, action, e.detail()));
  }

  private boolean giveUp(BgpError error, int type, String reason) {
    field.skipBytes(field.readableBytes());
    problems.add(new Malformation(error, type, Action.TREAT_AS_WITHDRAW, reason));
    return false;
  }

  private byte[] bytes(int start, int end) {
    return ByteBufUtil.getBytes(field, start, end - start);
  }

  private static boolean isMultiprotocol(int type) {
    return type == MpReachNlri.TYPE || type == MpUnreachNlri.TYPE;
  }
}
