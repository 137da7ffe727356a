package io.meshledger.node.storage;

import io.meshledger.core.DecodingException;
import io.meshledger.core.state.NibblePath;
import io.meshledger.core.state.NodeKey;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * How state-tree nodes are grouped into records. RocksDB's cost (memtable
 * insert, WAL entry, flush, index entry) is per key more than per byte, and a
 * block writes about five tree nodes for each key it changes: one at each of
 * the four top levels below the root (shared with the block's other changes
 * in the same subtrees), the new leaf, often a new internal node below it and
 * the older leaf pushed down next to it. So the nodes a block writes share
 * records:
 * <ul>
 *   <li>the root has a record of its own;</li>
 *   <li>nodes of depths 1 to {@value #TOP_DEPTH} are bundled under their
 *       depth-1 ancestor's key: 16 records a block at most;</li>
 *   <li>deeper nodes are bundled under their depth-{@value #TOP_DEPTH}
 *       ancestor's key (free, since that node is in a top bundle): one record
 *       for everything a block wrote below one depth-{@value #TOP_DEPTH}
 *       node, typically one new leaf and what it displaced.</li>
 * </ul>
 * The rule needs only a node's key: a node written at version {@code v} makes
 * its parent change at {@code v} too (the parent records the child's version
 * and hash), so every ancestor at {@code v} is in the same block and the bundle
 * under the ancestor's key at {@code v} holds the node. Records stay small: a
 * top bundle holds what one block changed in a sixteenth of the tree, a deep
 * one what it changed in one of 65,536 subtrees, so a cold read of one node
 * copies at most a few kilobytes.
 * <p>
 * Each entry holds a node exactly as it would be stored alone (whole, or a
 * slot delta whose base is found by the same rule). Encoding:
 * {@code 0x04 || u16be(count) || entries}, each {@code u8(n) || n nibbles, a
 * byte each || u16be(length) || stored node}, where the nibbles are the node's
 * path below the bundle's own; entries in strictly ascending order of those
 * nibble strings (a prefix first), none empty.
 */
final class NodeBundle {
    /** First byte of a bundle: distinct from a whole node's tags (1, 2) and a slot delta's (3). */
    static final byte TAG = 0x04;
    /** Depth of the deepest nodes in the top bundles, and of the nodes whose keys hold the deep bundles. */
    static final int TOP_DEPTH = 4;
    private static final int MAX_U16 = 0xffff;

    private NodeBundle() {
    }

    /**
     * Where the node under {@code key} is: the key of its bundle and its place
     * in it.
     *
     * @param recordKey the key of the bundle: the node key, at the same version, of the depth-1
     *                  ancestor (depths 1 to {@value #TOP_DEPTH}) or of the depth-{@value #TOP_DEPTH}
     *                  ancestor (deeper nodes)
     * @param entryPath the nibbles of the node's path below the bundle's own
     */
    record Placement(byte[] recordKey, byte[] entryPath) {
    }

    /**
     * Where the node under {@code nodeKey} is bundled, or null when it has a
     * record of its own: the root, and keys that are not node keys at all.
     */
    static Placement placement(byte[] nodeKey) {
        NodeKey key;
        try {
            key = NodeKey.decode(nodeKey);
        } catch (DecodingException e) {
            return null;
        }
        NibblePath path = key.path();
        if (path.length() == 0) {
            return null;
        }
        int bundleDepth = path.length() <= TOP_DEPTH ? 1 : TOP_DEPTH;
        NibblePath bundlePath = NibblePath.EMPTY;
        for (int i = 0; i < bundleDepth; i++) {
            bundlePath = bundlePath.child(path.nibble(i));
        }
        byte[] entryPath = new byte[path.length() - bundleDepth];
        for (int i = bundleDepth; i < path.length(); i++) {
            entryPath[i - bundleDepth] = (byte) path.nibble(i);
        }
        return new Placement(new NodeKey(key.version(), bundlePath).encode(), entryPath);
    }

    /** The nodes of one bundle as they are added, each by its {@link #entryPath}. */
    static final class Builder {
        private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compare);

        /** Adds (or replaces, as a later write of the same key would) the stored node at {@code entryPath}. */
        void put(byte[] entryPath, byte[] storedNode) {
            if (entryPath.length >= NibblePath.MAX_LENGTH || storedNode.length == 0 || storedNode.length > MAX_U16) {
                throw new IllegalArgumentException("entry path of " + entryPath.length + " nibbles or stored node of "
                        + storedNode.length + " bytes cannot be bundled");
            }
            for (byte nibble : entryPath) {
                if ((nibble & 0xff) > 15) {
                    throw new IllegalArgumentException("an entry path holds nibbles, not " + (nibble & 0xff));
                }
            }
            entries.put(entryPath.clone(), storedNode);
        }

        byte[] encode() {
            if (entries.size() > MAX_U16) {
                throw new IllegalStateException(entries.size() + " nodes are more than one bundle can count");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 64);
            out.write(TAG);
            writeShort(out, entries.size());
            for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
                out.write(e.getKey().length);
                out.writeBytes(e.getKey());
                writeShort(out, e.getValue().length);
                out.writeBytes(e.getValue());
            }
            return out.toByteArray();
        }

        private static void writeShort(ByteArrayOutputStream out, int value) {
            out.write(value >>> 8);
            out.write(value);
        }
    }

    /**
     * The stored node at {@code entryPath} in {@code bundle}, or null if the
     * bundle has none there. The whole bundle is checked, not only the part
     * before the entry, so a damaged record is never half-trusted.
     *
     * @throws DecodingException if {@code bundle} is not a well-formed bundle
     */
    static byte[] find(byte[] bundle, byte[] entryPath) {
        if (bundle.length < 3 || bundle[0] != TAG) {
            throw new DecodingException("a record of bundled tree nodes must start with tag " + TAG);
        }
        int count = readShort(bundle, 1);
        int at = 3;
        byte[] found = null;
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            int nibbles = byteAt(bundle, at++);
            if (nibbles >= NibblePath.MAX_LENGTH || at + nibbles > bundle.length) {
                throw new DecodingException("bundled entry " + i + " has a path of " + nibbles
                        + " nibbles or runs past the record");
            }
            byte[] path = Arrays.copyOfRange(bundle, at, at + nibbles);
            for (byte nibble : path) {
                if ((nibble & 0xff) > 15) {
                    throw new DecodingException("bundled entry " + i + " has a path nibble above 15");
                }
            }
            if (previous != null && Arrays.compare(previous, path) >= 0) {
                throw new DecodingException("bundled entries are not in strictly ascending path order at entry " + i);
            }
            at += nibbles;
            int length = readShort(bundle, at);
            at += 2;
            if (length == 0 || at + length > bundle.length) {
                throw new DecodingException("bundled entry " + i + " is empty or runs past the record");
            }
            if (Arrays.equals(path, entryPath)) {
                found = Arrays.copyOfRange(bundle, at, at + length);
            }
            at += length;
            previous = path;
        }
        if (at != bundle.length) {
            throw new DecodingException((bundle.length - at) + " bytes follow the last bundled entry");
        }
        return found;
    }

    private static int readShort(byte[] bytes, int at) {
        return byteAt(bytes, at) << 8 | byteAt(bytes, at + 1);
    }

    private static int byteAt(byte[] bytes, int at) {
        if (at >= bytes.length) {
            throw new DecodingException("a record of bundled tree nodes ends early");
        }
        return bytes[at] & 0xff;
    }
}
