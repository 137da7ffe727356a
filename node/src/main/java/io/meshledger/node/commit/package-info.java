/** The commit path: committed blocks become durable, leave the mempool, answer waiting clients and get certified. */
package io.meshledger.node.commit;
