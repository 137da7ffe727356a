/** Transaction receipts and events: what execution reports per transaction, in a form auditors can hash and prove. */
package io.meshledger.core.receipt;
