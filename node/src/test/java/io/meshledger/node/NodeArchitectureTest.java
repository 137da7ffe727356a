package io.meshledger.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The node's stage boundaries (ARCHITECTURE.md): who may touch RocksDB and who may touch gRPC. */
class NodeArchitectureTest {
    private static final JavaClasses NODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshledger.node");

    @Test
    void onlyStorageTouchesRocksDb() {
        noClasses().that().resideOutsideOfPackage("io.meshledger.node.storage..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
                .check(NODE);
    }

    @Test
    void onlyTheNetworkAndApiStagesTouchGrpcOrNetty() {
        noClasses().that().resideOutsideOfPackages("io.meshledger.node.network..", "io.meshledger.node.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.netty..")
                .check(NODE);
    }

    @Test
    void stagesDoNotReachIntoTheCli() {
        noClasses().that().resideOutsideOfPackage("io.meshledger.node.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.meshledger.node.cli..")
                .check(NODE);
    }
}
