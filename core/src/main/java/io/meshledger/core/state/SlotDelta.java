package io.meshledger.core.state;

import io.meshledger.core.DecodingException;
import io.meshledger.core.crypto.Hash;

/**
 * A stored form of an {@link InternalNode}: the slots in which it differs from
 * the node its version replaced at the same path (its base), which is stored
 * too. Every block rewrites the top levels of the tree, and nearly every change
 * of a large tree rewrites a node of depth 4; such a node usually differs from
 * its base in one or two of its 16 slots, so writing it whole stored mostly
 * copies: about 560 bytes a node where 50 changed.
 * <p>
 * Only storage sees this form. A reader resolves it by reading the base (a
 * delta or a whole node, under {@code NodeKey(baseVersion, same path)}) and
 * applying the changed slots; {@code chain} is how many deltas that takes to
 * reach a whole node, which the writer bounds so reads stay cheap.
 * <p>
 * Encoding: {@code 0x03 || uvarint(baseVersion) || u8(chain) || u16be(occupied)
 * || u16be(leaves) || u16be(changed) || slots}, where {@code occupied} and
 * {@code leaves} describe the whole node as {@link InternalNode} does,
 * {@code changed} marks the slots whose occupant (presence, leaf flag, version
 * or hash) differs from the base, and each slot both changed and occupied
 * contributes {@code uvarint(version) || hash}, in ascending order.
 */
public final class SlotDelta {
    /** First byte of a delta; {@link TreeNode#decode} never sees it, since storage resolves deltas first. */
    public static final byte TAG = 0x03;
    private static final int MAX_CHAIN = 255;

    private SlotDelta() {
    }

    /** Whether {@code stored} (a value of the tree-node store) is a delta rather than a whole node. */
    public static boolean isDelta(byte[] stored) {
        return stored.length > 0 && stored[0] == TAG;
    }

    /**
     * {@code node} as the slots that differ from {@code base}, stored at
     * {@code baseVersion} and reached from a whole node in {@code chain - 1}
     * deltas; null when that is no shorter than {@code node} whole.
     */
    public static byte[] encode(long baseVersion, int chain, InternalNode base, InternalNode node) {
        if (baseVersion < 0 || chain < 1 || chain > MAX_CHAIN) {
            throw new IllegalArgumentException("base version " + baseVersion + " or chain " + chain + " out of range");
        }
        int changed = changedSlots(base, node);
        int listed = changed & node.occupied();
        int length = 1 + Uvarint.length(baseVersion) + 1 + 6;
        for (int bits = listed; bits != 0; bits &= bits - 1) {
            length += Uvarint.length(node.slotVersion(Integer.numberOfTrailingZeros(bits))) + Hash.LENGTH;
        }
        if (length >= node.encodedLength()) {
            return null;
        }
        byte[] out = new byte[length];
        out[0] = TAG;
        int at = Uvarint.write(out, 1, baseVersion);
        out[at++] = (byte) chain;
        at = writeShort(out, at, node.occupied());
        at = writeShort(out, at, node.leaves());
        at = writeShort(out, at, changed);
        for (int bits = listed; bits != 0; bits &= bits - 1) {
            int n = Integer.numberOfTrailingZeros(bits);
            at = Uvarint.write(out, at, node.slotVersion(n));
            node.copySlotHash(n, out, at);
            at += Hash.LENGTH;
        }
        return out;
    }

    /** The version whose node at the same path this delta applies to. */
    public static long baseVersion(byte[] delta) {
        return new Reader(delta).baseVersion;
    }

    /** How many deltas, this one included, lead from a whole node to this one. */
    public static int chain(byte[] delta) {
        return new Reader(delta).chain;
    }

    /**
     * The node {@code delta} describes, given its base.
     *
     * @throws DecodingException if the delta is malformed or does not fit {@code base}
     */
    public static InternalNode apply(InternalNode base, byte[] delta) {
        Reader r = new Reader(delta);
        int kept = ~r.changed & 0xffff;
        if ((r.occupied & kept) != (base.occupied() & kept) || (r.leaves & kept) != (base.leaves() & kept)) {
            throw new DecodingException(String.format("slot delta does not fit its base: unchanged slots %04x "
                    + "occupied %04x and leaves %04x in the delta, %04x and %04x in the base", kept,
                    r.occupied & kept, r.leaves & kept, base.occupied() & kept, base.leaves() & kept));
        }
        InternalNode.Builder builder = new InternalNode.Builder();
        int at = r.slotsAt;
        for (int bits = r.occupied; bits != 0; bits &= bits - 1) {
            int n = Integer.numberOfTrailingZeros(bits);
            if ((r.changed & 1 << n) == 0) {
                builder.copy(base, n);
                continue;
            }
            long[] version = new long[1];
            at = Uvarint.read(delta, at, version, "slot delta", "the version of slot " + n);
            if (at + Hash.LENGTH > delta.length) {
                throw new DecodingException("slot delta ends inside the hash of slot " + n);
            }
            builder.add(n, version[0], delta, at, (r.leaves & 1 << n) != 0);
            at += Hash.LENGTH;
        }
        if (at != delta.length) {
            throw new DecodingException("slot delta has " + (delta.length - at) + " bytes left over");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new DecodingException("slot delta makes an invalid node: " + e.getMessage(), e);
        }
    }

    /** Slots whose presence, leaf flag, version or hash differs. */
    private static int changedSlots(InternalNode base, InternalNode node) {
        int changed = (base.occupied() ^ node.occupied()) | (base.leaves() ^ node.leaves());
        for (int common = base.occupied() & node.occupied(); common != 0; common &= common - 1) {
            int n = Integer.numberOfTrailingZeros(common);
            if (base.slotVersion(n) != node.slotVersion(n) || !node.sameSlotHash(n, base)) {
                changed |= 1 << n;
            }
        }
        return changed;
    }

    /** The header, checked. */
    private static final class Reader {
        final long baseVersion;
        final int chain;
        final int occupied;
        final int leaves;
        final int changed;
        final int slotsAt;

        Reader(byte[] delta) {
            if (!isDelta(delta)) {
                throw new DecodingException("not a slot delta");
            }
            long[] v = new long[1];
            int at = Uvarint.read(delta, 1, v, "slot delta", "the base version");
            if (at + 7 > delta.length) {
                throw new DecodingException("slot delta ends inside its header");
            }
            baseVersion = v[0];
            chain = delta[at++] & 0xff;
            occupied = (delta[at] & 0xff) << 8 | delta[at + 1] & 0xff;
            leaves = (delta[at + 2] & 0xff) << 8 | delta[at + 3] & 0xff;
            changed = (delta[at + 4] & 0xff) << 8 | delta[at + 5] & 0xff;
            slotsAt = at + 6;
            if (chain == 0) {
                throw new DecodingException("slot delta chain must be at least 1");
            }
            if ((leaves & ~occupied) != 0) {
                throw new DecodingException(String.format("slot delta marks empty slots as leaves: occupied %04x, "
                        + "leaves %04x", occupied, leaves));
            }
        }
    }

    private static int writeShort(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 8);
        out[at + 1] = (byte) v;
        return at + 2;
    }
}
