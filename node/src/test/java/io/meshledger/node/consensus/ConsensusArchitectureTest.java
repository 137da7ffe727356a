package io.meshledger.node.consensus;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The consensus core stays pure: no transport, storage, wire format, clock, threads, files or randomness. */
class ConsensusArchitectureTest {
    private static final JavaClasses CONSENSUS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshledger.node.consensus");

    @Test
    void consensusDependsOnNoTransportStorageOrWireFormat() {
        noClasses().that().resideInAPackage("io.meshledger.node.consensus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.netty..", "org.rocksdb..",
                        "com.google.protobuf..", "io.meshledger.proto..", "java.nio.file..", "java.net..")
                .check(CONSENSUS);
    }

    @Test
    void consensusUsesNoClockThreadFileExecutorOrRandomness() {
        noClasses().that().resideInAPackage("io.meshledger.node.consensus..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveSimpleNameContaining("Executor")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .check(CONSENSUS);
    }
}
