package io.conclave.cli;

import io.conclave.timeline.RecordingReader;
import io.conclave.timeline.Timeline;
import io.conclave.timeline.TimelinePage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;

/** {@code conclave timeline FILE...}: one HTML page with the views, leaders, faults and merges of recordings. */
@Command(name = "timeline", sortOptions = false,
        description = {"Draw recorded events as one self-contained HTML page: a lane per peer with its views, the leader",
                "it followed and its own leadership; faults, merges, split brain and two leaders at once across the lanes.",
                "FILE: JSON Lines from 'lab --record', 'bench ... --record DIR' or 'peer --events json' (one file per host:",
                "clocks of different files are aligned on the views they share)."})
final class TimelineCommand implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Recordings to draw together.")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "timeline.html",
            description = "The page to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Timeline timeline = TimelinePage.write(RecordingReader.read(files), output, "-o");
        spec.commandLine().getOut().println(TimelinePage.summary(timeline, output));
        spec.commandLine().getOut().flush();
    }
}
