package io.meshledger.contracts.publication;

import io.meshledger.contracts.Caller;
import io.meshledger.contracts.ContractContext;
import io.meshledger.contracts.support.ContractNames;
import io.meshledger.contracts.support.Fail;
import io.meshledger.contracts.support.Identities;
import io.meshledger.contracts.support.States;
import io.meshledger.proto.v1.CheckArgs;
import io.meshledger.proto.v1.CheckResult;
import io.meshledger.proto.v1.Dataset;
import io.meshledger.proto.v1.Right;
import io.meshledger.proto.v1.Visibility;

/**
 * Who may write and read a dataset's records. The owner may do everything
 * without asking; anyone else needs a grant, which only the authorisation
 * contract knows, so it is asked through a read-only call.
 */
final class Access {
    private Access() {
    }

    /** @throws io.meshledger.contracts.ContractException {@code PERMISSION_DENIED} without a WRITE grant */
    static void requireWrite(ContractContext context, Dataset dataset) {
        if (!allowed(context, dataset, Right.RIGHT_WRITE)) {
            throw Fail.denied(context.caller().qualifiedName() + " may not write to dataset '" + dataset.getDatasetId() + "'");
        }
    }

    /** Records of a public dataset are readable by all; of a restricted one, by the owner and READ grantees. */
    static void requireRead(ContractContext context, Dataset dataset) {
        if (dataset.getVisibility() == Visibility.VISIBILITY_PUBLIC) {
            return;
        }
        if (!allowed(context, dataset, Right.RIGHT_READ)) {
            throw Fail.denied(context.caller().qualifiedName() + " may not read dataset '" + dataset.getDatasetId() + "'");
        }
    }

    /** Whether the caller may read the dataset's records: the rule {@link #requireRead} enforces, as an answer. */
    static boolean mayRead(ContractContext context, Dataset dataset) {
        return dataset.getVisibility() == Visibility.VISIBILITY_PUBLIC || allowed(context, dataset, Right.RIGHT_READ);
    }

    private static boolean allowed(ContractContext context, Dataset dataset, Right right) {
        Caller caller = context.caller();
        if (caller.qualifiedName().equals(Identities.qualifiedName(dataset.getOwner()))) {
            return true;
        }
        CheckArgs question = CheckArgs.newBuilder()
                .setDatasetId(dataset.getDatasetId())
                .setIdentity(Identities.of(caller))
                .setRight(right)
                .build();
        byte[] answer = context.call(ContractNames.AUTHORISATION, "check", question.toByteArray());
        return States.decode(CheckResult.parser(), answer, "authorisation answer").getAllowed();
    }
}
