package io.meshledger.node.certification;

/** Sends this node's digest signatures to the other validators; implemented by the peer network. Never blocks. */
@FunctionalInterface
public interface DigestOutbox {
    void broadcast(DigestSignature signature);
}
