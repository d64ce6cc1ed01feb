package io.conclave.timeline;

import org.junit.jupiter.api.Test;

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
