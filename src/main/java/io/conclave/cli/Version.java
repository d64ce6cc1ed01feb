package io.conclave.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[]{"conclave " + (version == null ? "development" : version)
                + " (JGroups " + org.jgroups.Version.printVersion() + ", Java " + System.getProperty("java.version") + ")"};
    }
}
