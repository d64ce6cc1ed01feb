package io.conclave.lab;

import io.conclave.shell.Session;
import io.conclave.timeline.RecordingReader;
import io.conclave.timeline.Timeline;
import io.conclave.timeline.TimelinePage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The lab's {@code timeline [FILE]}: the page of everything the lab has seen so far. */
@Command(name = "timeline", description = {"Write the timeline page (HTML) of everything so far: views, leaders, faults,",
        "merges and split brain, one lane per peer; prints its path. Default: next to the --record file, else in the data dir."})
final class LabTimelineCommand implements Runnable {

    private final Lab lab;
    private final Session session;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The page to write.")
    Path file;

    LabTimelineCommand(Lab lab, Session session) {
        this.lab = lab;
        this.session = session;
    }

    @Override
    public void run() {
        lab.settle();
        Path page = file != null ? file : lab.record().map(r -> r.resolveSibling(r.getFileName() + ".html"))
                .orElse(lab.dataDir().resolve("timeline.html"));
        Timeline timeline = TimelinePage.write(RecordingReader.of("lab " + lab.cluster(), lab.recordSoFar()), page, "timeline FILE");
        session.console().out(TimelinePage.summary(timeline, page));
    }
}
