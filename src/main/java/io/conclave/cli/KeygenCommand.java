package io.conclave.cli;

import io.conclave.security.ClusterSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code conclave keygen FILE}: a new cluster secret for the secure stacks. */
@Command(name = "keygen", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Create a new cluster secret in FILE, readable by this user only.",
                "Copy the same file to every peer (over a secure channel) and start them with --secret FILE."})
final class KeygenCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Where to write the secret; must not exist yet.")
    Path file;

    @Option(names = "--force", description = "Replace an existing file (every peer that uses the old secret is locked out).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClusterSecret secret = ClusterSecret.writeNew(file, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote a new cluster secret to " + file + " (fingerprint " + secret.fingerprint()
                + ", readable by this user only)");
        out.println("start every peer with the same file: conclave peer --stack secure-udp --secret " + file);
        return 0;
    }
}
