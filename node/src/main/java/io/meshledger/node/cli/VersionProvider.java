package io.meshledger.node.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"meshledger " + (v == null ? "development" : v)};
    }
}
