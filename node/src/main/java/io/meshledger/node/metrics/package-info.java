/** Node metrics (Micrometer) served in the Prometheus text format. */
package io.meshledger.node.metrics;
