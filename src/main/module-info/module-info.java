/**
 * Conclave as a module: the embedding API ({@code io.conclave}, {@code io.conclave.election}) is all it exports.
 * Compiled on its own into {@code META-INF/versions/17/} (see pom.xml), so the build and the tests stay on the
 * class path; it takes effect when an embedder puts the library jar on the module path.
 */
module io.conclave {
    exports io.conclave;
    exports io.conclave.election;

    requires org.jgroups;
    requires org.jgroups.raft;
    requires org.apache.logging.log4j;
    requires com.fasterxml.jackson.jr.ob;
    requires com.fasterxml.jackson.core;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;
    requires jdk.httpserver;
    requires java.net.http;
    requires java.xml;

    // The command line (cli, shell, script, lab, bench, timeline): optional dependencies, present in the
    // runnable jar only.
    requires static info.picocli;
    requires static org.jline;
    requires static org.apache.logging.log4j.core;

    // The bundled stacks (stacks/*.xml, read through the class loader by stack/StackSource): a resource
    // directory, open so that a named module's encapsulation does not hide it.
    opens stacks;

    // JGroups creates the protocols a stack names by reflection and sets their @Property fields.
    opens io.conclave.coordinator to org.jgroups;
    opens io.conclave.detection to org.jgroups;
    opens io.conclave.exit to org.jgroups;
    opens io.conclave.fault to org.jgroups;
    opens io.conclave.lease to org.jgroups;
    opens io.conclave.merge to org.jgroups;
    opens io.conclave.security to org.jgroups;
    // jgroups-raft creates the raft log it is told to use (raft/DurableVoteLog) by reflection, and JGroups the
    // RAFT the channel factory puts in place of raft.RAFT (raft/CHECKED_RAFT).
    opens io.conclave.raft to org.jgroups, org.jgroups.raft;
}
