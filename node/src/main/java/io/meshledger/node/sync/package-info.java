/** Block sync: a node that is behind fetches committed blocks with their proofs from peers and verifies them. */
package io.meshledger.node.sync;
