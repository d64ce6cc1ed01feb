package io.conclave.timeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.conclave.timeline.Fixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

/** The page of a real recording, as text (the browser test is TimelineIT). */
class HtmlPageTest {

    private final Timeline t = timeline("lab-coordinator.jsonl");
    private final String page = HtmlPage.render(t);

    @Test
    void itFetchesNothing() {
        assertThat(page.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "src=", "<link", "@import");
    }

    @Test
    void oneLanePerPeerAndEveryFaultMergeAndSplitBrainIsDrawn() {
        assertThat(count("class=\"peer\"")).isEqualTo(5);
        assertThat(count("<g class=\"fault ")).isEqualTo(t.faults().size());
        assertThat(count("<g class=\"merge\"")).isEqualTo(2);
        assertThat(count("class=\"area split\"")).isEqualTo(2);
        assertThat(page).contains("partition A,B / C,D,E", "kill E", "pause A 5.0 s", "killed", "paused", "split brain 5.");
    }

    @TempDir
    Path dir;

    @Test
    void inRaftModeTwoPeersBelievingTheyLeadAtOnceAreDrawnInRedAndCalledOut() throws IOException {
        // the real raft run, with A made to go on believing it leads after C won the term: what must never happen
        List<String> lines = new ArrayList<>(Files.readAllLines(Fixtures.path("lab-raft.jsonl")));
        lines.removeIf(l -> l.contains("\"peer\":\"A\",\"type\":\"leadership\",\"state\":\"lost\""));
        Path broken = dir.resolve("raft-two-leaders.jsonl");
        Files.write(broken, lines);
        Timeline twoLeaders = TimelineBuilder.of(RecordingReader.read(List.of(broken)));

        assertThat(twoLeaders.strict()).isTrue();
        assertThat(twoLeaders.overlaps()).isNotEmpty().allSatisfy(p -> assertThat(p.leaders()).contains("A", "C"));
        String red = HtmlPage.render(twoLeaders);
        assertThat(red).contains("class=\"area overlap\"", "TWO LEADERS", "<dt>two leaders at once</dt><dd><span class=\"bad\">");
        assertThat(page).doesNotContain("class=\"area overlap\"");
    }

    @Test
    void noEventCanEndTheScriptThatHoldsIt() {
        String events = page.substring(page.indexOf("id=\"events\">"), page.indexOf("</script>", page.indexOf("id=\"events\">")));
        assertThat(events).doesNotContain("</");
    }

    private int count(String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(page);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
