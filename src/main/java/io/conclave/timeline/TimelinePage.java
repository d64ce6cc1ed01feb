package io.conclave.timeline;

import io.conclave.election.ConclaveException;
import io.conclave.peer.DataDirs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the page of a recording to a file: what {@code conclave timeline} and the lab's {@code timeline} share. */
public final class TimelinePage {

    private TimelinePage() {
    }

    /** Builds the timeline of {@code recording}, writes its page to {@code file} and returns the timeline. */
    public static Timeline write(Recording recording, Path file, String option) {
        DataDirs.prepareFile(file, "timeline page", option);
        Timeline timeline = TimelineBuilder.of(recording);
        try {
            Files.writeString(file, HtmlPage.render(timeline), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConclaveException("cannot write the timeline page " + file + " (" + option + "): " + e.getMessage());
        }
        return timeline;
    }

    /** One line for the terminal: where the page is and what it shows. */
    public static String summary(Timeline timeline, Path file) {
        int peers = timeline.lanes().size();
        return "timeline: " + file.toAbsolutePath() + " (" + peers + (peers == 1 ? " peer, " : " peers, ") + Markup.duration(timeline.length())
                + ", " + timeline.faults().size() + " faults, " + timeline.merges().size() + " merges, split brain "
                + Markup.duration(Timeline.total(timeline.splitBrain())) + (timeline.strict() ? ", two leaders at once "
                + Markup.duration(Timeline.total(timeline.overlaps())) : "") + ")";
    }
}
