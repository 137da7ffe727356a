package io.meshledger.node.consensus;

import io.meshledger.core.identity.IdentityId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers signed timeouts into TCs: a TC of round {@code r} forms when
 * {@code quorum} distinct validators timed out in {@code r}, whatever high QC
 * each reported. A validator's first timeout of a round counts; later ones of
 * the same round are ignored.
 */
final class TimeoutCollector {
    /** What adding a timeout did. */
    sealed interface Added {
        record Counted(int timeouts) implements Added {
        }

        record Duplicate() implements Added {
        }

        record TcFormed(TimeoutCertificate tc) implements Added {
        }
    }

    private final int quorum;
    private final long epoch;
    private final TreeMap<Long, Map<IdentityId, SignedTimeout>> rounds = new TreeMap<>();

    TimeoutCollector(int quorum, long epoch) {
        this.quorum = quorum;
        this.epoch = epoch;
    }

    Added add(SignedTimeout timeout) {
        long round = timeout.data().round();
        Map<IdentityId, SignedTimeout> signers = rounds.computeIfAbsent(round, k -> new LinkedHashMap<>());
        if (signers.putIfAbsent(timeout.signature().validator(), timeout) != null) {
            return new Added.Duplicate();
        }
        if (signers.size() == quorum) {
            return new Added.TcFormed(new TimeoutCertificate(epoch, round, signers.values().stream().toList()));
        }
        return new Added.Counted(signers.size());
    }

    /** Forgets rounds below {@code round}. */
    void pruneBelow(long round) {
        rounds.headMap(round).clear();
    }

    int roundsHeld() {
        return rounds.size();
    }
}
