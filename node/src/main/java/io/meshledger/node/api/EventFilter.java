package io.meshledger.node.api;

import io.meshledger.contracts.support.ContractNames;
import io.meshledger.core.Bytes;
import io.meshledger.core.receipt.Event;
import io.meshledger.proto.v1.SubscribeEventsRequest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which events a subscriber asked for; an empty field matches everything. All
 * given fields must match.
 *
 * @param contract  exact contract name
 * @param type      exact event type
 * @param keyPrefix bytes the event key starts with
 * @param dataset   a dataset id: publication events keyed {@code <dataset>} (dataset events) or
 *                  {@code <dataset>/<record>} (record events), and authorisation events keyed
 *                  {@code <dataset>} (grants and revocations); dataset ids cannot contain '/',
 *                  so the prefix does not catch a dataset whose id merely starts with this one
 */
record EventFilter(String contract, String type, Bytes keyPrefix, String dataset) {
    EventFilter {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(dataset, "dataset");
    }

    static EventFilter of(SubscribeEventsRequest request) {
        return new EventFilter(request.getContract(), request.getType(), Bytes.wrap(request.getKeyPrefix().toByteArray()),
                request.getDataset());
    }

    boolean matches(Event event) {
        return (contract.isEmpty() || contract.equals(event.contract()))
                && (type.isEmpty() || type.equals(event.type()))
                && startsWith(event.key().unsafeArray(), keyPrefix.unsafeArray())
                && (dataset.isEmpty() || aboutDataset(event));
    }

    private boolean aboutDataset(Event event) {
        byte[] key = event.key().unsafeArray();
        byte[] id = dataset.getBytes(StandardCharsets.UTF_8);
        return switch (event.contract()) {
            case ContractNames.PUBLICATION -> Arrays.equals(key, id)
                    || (key.length > id.length && startsWith(key, id) && key[id.length] == '/');
            case ContractNames.AUTHORISATION -> Arrays.equals(key, id);
            default -> false;
        };
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
