/**
 * The node's ledger store: committed blocks, their certificates, the transaction
 * index and the ledger-wide transaction accumulator, in one RocksDB instance.
 * <p>
 * {@link io.meshledger.node.storage.LedgerStore} is the port the rest of the node
 * uses; {@link io.meshledger.node.storage.RocksLedgerStore} is its only
 * implementation and the only code in the node that touches RocksDB.
 * <p>
 * Durability contract: a block is committed by one fsynced write batch, so after
 * a crash the store holds every block whose {@code append} returned and nothing
 * half-written. Failures come in three kinds: a block that does not extend the
 * ledger is refused with {@link io.meshledger.node.storage.BlockRejectedException}
 * and nothing is written; an environment failure (disk, RocksDB) is an unchecked
 * {@link io.meshledger.node.storage.StorageException} on which the node halts;
 * stored data that contradicts itself is a
 * {@link io.meshledger.node.storage.StoreCorruptedException} naming the height,
 * raised instead of serving the bad data.
 */
package io.meshledger.node.storage;
