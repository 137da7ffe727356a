package io.meshledger.contracts.publication;

import io.meshledger.contracts.Contract;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.support.ContractNames;
import io.meshledger.contracts.support.MethodTable;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code publication} system contract. Methods (arguments → result, all
 * messages of {@code meshledger/v1/contracts.proto}):
 * <ul>
 *   <li>{@code create_dataset}: {@code CreateDatasetArgs} → {@code Dataset}; event {@code DatasetCreated}</li>
 *   <li>{@code publish}: {@code PublishArgs} → {@code RecordRef}; event {@code RecordPublished}</li>
 *   <li>{@code tombstone}: {@code TombstoneArgs} → {@code RecordRef}; event {@code RecordTombstoned}</li>
 *   <li>{@code get_dataset}: {@code GetDatasetArgs} → {@code Dataset} (read-only)</li>
 *   <li>{@code get_record}: {@code GetRecordArgs} → {@code RecordVersion} (read-only)</li>
 *   <li>{@code history}: {@code HistoryArgs} → {@code RecordHistory} (read-only)</li>
 *   <li>{@code may_read}: {@code GetDatasetArgs} → {@code CheckResult}: may the caller read the dataset's records (read-only)</li>
 * </ul>
 * Writes by anyone but the dataset owner need a WRITE grant, which this contract
 * asks the {@code authorisation} contract about. Event keys are {@code <dataset>}
 * for dataset events and {@code <dataset>/<record>} for record events. State
 * layout: {@link PublicationKeys}.
 */
public final class PublicationContract implements Contract {
    private final MethodTable methods;

    public PublicationContract(PublicationLimits limits) {
        Objects.requireNonNull(limits, "limits");
        JsonSchemas schemas = new JsonSchemas();
        Datasets datasets = new Datasets(schemas);
        Records records = new Records(limits, schemas);
        this.methods = new MethodTable(ContractNames.PUBLICATION, Map.of(
                "create_dataset", datasets::create,
                "publish", records::publish,
                "tombstone", records::tombstone,
                "get_dataset", datasets::get,
                "get_record", RecordReader::get,
                "history", RecordReader::history,
                "may_read", RecordReader::mayRead));
    }

    @Override
    public byte[] invoke(ContractContext context, String method, byte[] args) {
        return methods.dispatch(context, method, args);
    }
}
