package io.meshledger.tests;

import io.grpc.StatusRuntimeException;
import io.meshledger.core.block.Block;
import io.meshledger.core.block.LedgerCertificate;
import io.meshledger.core.crypto.Hash;
import io.meshledger.core.validators.QuorumCheck;
import io.meshledger.proto.v1.GetBlockResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads committed chains from the nodes of a {@link LocalCluster} and compares them. */
final class Chains {
    private static final int TRANSIENT_ATTEMPTS = 10;

    private final LocalCluster cluster;

    Chains(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** A committed block as one node serves it. */
    record Served(Block block, Hash claimedHash, Optional<LedgerCertificate> certificate) {
    }

    /** Block {@code height} of node {@code node}, with its certificate if it has one; empty if not served. */
    Optional<Served> block(int node, long height) {
        GetBlockResponse r = null;
        // A node that just restarted may be too busy catching up to answer in time: only NOT_FOUND means "no block".
        for (int attempt = 1; r == null; attempt++) {
            try {
                r = cluster.client(node).block(height, true);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                    return Optional.empty();
                }
                if (attempt == TRANSIENT_ATTEMPTS) {
                    throw new AssertionError(cluster.name(node) + " fails to serve block " + height + ": "
                            + e.getStatus(), e);
                }
                LocalCluster.sleep(java.time.Duration.ofMillis(500));
            }
        }
        Block b = Block.fromProto(r.getBlock());
        Hash claimed = Hash.of(r.getBlockHash().toByteArray());
        if (!b.hash().equals(claimed)) {
            throw new AssertionError(cluster.name(node) + " serves block " + height + " under hash " + claimed
                    + " but its header hashes to " + b.hash());
        }
        if (b.height() != height) {
            throw new AssertionError(cluster.name(node) + " serves a block of height " + b.height()
                    + " for height " + height);
        }
        return Optional.of(new Served(b, claimed, r.hasCertificate()
                ? Optional.of(LedgerCertificate.fromProto(r.getCertificate())) : Optional.empty()));
    }

    /** Hashes of blocks 1..{@code upTo} of node {@code node}; fails if it lacks one. */
    List<Hash> hashes(int node, long upTo) {
        List<Hash> out = new ArrayList<>();
        for (long h = 1; h <= upTo; h++) {
            long height = h;
            out.add(block(node, h).orElseThrow(() -> new AssertionError(cluster.name(node) + " has no block "
                    + height + " (its height: " + cluster.height(node) + ")")).block().hash());
        }
        return out;
    }

    /** Asserts that the nodes in {@code nodes} hold identical blocks at every height 1..{@code upTo}. */
    void assertIdentical(List<Integer> nodes, long upTo) {
        List<Hash> reference = hashes(nodes.getFirst(), upTo);
        for (int node : nodes.subList(1, nodes.size())) {
            List<Hash> other = hashes(node, upTo);
            for (int h = 0; h < upTo; h++) {
                if (!reference.get(h).equals(other.get(h))) {
                    throw new AssertionError("fork at height " + (h + 1) + ": " + cluster.name(nodes.getFirst()) + " has "
                            + reference.get(h) + ", " + cluster.name(node) + " has " + other.get(h));
                }
            }
        }
    }

    /**
     * Asserts that no two of the answering nodes hold different blocks at one
     * height, from 1 to the highest height any of them reports. Nodes not
     * running are skipped. Returns the highest height compared.
     */
    long assertNoFork() {
        Map<Integer, Long> heights = new LinkedHashMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            long h = cluster.isRunning(i) ? cluster.height(i) : -1;
            if (h > 0) {
                heights.put(i, h);
            }
        }
        long max = heights.values().stream().mapToLong(Long::longValue).max().orElse(0);
        for (long h = 1; h <= max; h++) {
            Hash seen = null;
            int seenAt = -1;
            for (Map.Entry<Integer, Long> e : heights.entrySet()) {
                if (e.getValue() < h) {
                    continue;
                }
                Optional<Served> b = block(e.getKey(), h);
                if (b.isEmpty()) {
                    continue;
                }
                Hash hash = b.get().block().hash();
                if (seen == null) {
                    seen = hash;
                    seenAt = e.getKey();
                } else if (!seen.equals(hash)) {
                    throw new AssertionError("fork at height " + h + ": " + cluster.name(seenAt) + " has " + seen + ", "
                            + cluster.name(e.getKey()) + " has " + hash);
                }
            }
        }
        return max;
    }

    /**
     * Asserts that block {@code height} of {@code node} carries a ledger
     * certificate valid for the genesis validator set whose digest names that
     * block (chain, height, hash).
     */
    void assertCertified(int node, long height) {
        Served s = block(node, height).orElseThrow(() -> new AssertionError(cluster.name(node) + " has no block " + height));
        LedgerCertificate c = s.certificate().orElseThrow(() -> new AssertionError(cluster.name(node) + "'s block "
                + height + " has no ledger certificate"));
        QuorumCheck check = cluster.genesis().validators().checkCertificate(cluster.chainId(), c);
        if (!check.isValid()) {
            throw new AssertionError(cluster.name(node) + "'s certificate of block " + height + " is invalid: " + check);
        }
        if (c.digest().height() != height || !c.digest().blockHash().equals(s.block().hash())) {
            throw new AssertionError(cluster.name(node) + "'s certificate of block " + height + " names height "
                    + c.digest().height() + " and block " + c.digest().blockHash() + ", the block is " + s.block().hash());
        }
    }
}
