package io.conclave.timeline;

import io.conclave.bench.PeerProcess;
import io.conclave.support.Chromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real lab run (demo/timeline.lab: a paused leader, a partition and its heal, a kill and a restart) recorded
 * through the jar, drawn by {@code conclave timeline}, and loaded in headless Chromium: no console errors, one
 * lane per peer, split brain shaded, every fault marked. The screenshot lands in target/timeline-it.png.
 */
class TimelineIT {

    @TempDir
    static Path dir;

    private static Chromium chromium;
    private static Path page;
    private static String labOutput;

    @BeforeAll
    static void recordAndDraw() throws IOException, InterruptedException {
        chromium = Chromium.find(dir).orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (Debian: apt-get install chromium); "
                + "the timeline page is not checked in a browser");
        Path record = dir.resolve("run.jsonl");
        labOutput = conclave("lab", "--script", "demo/timeline.lab", "--record", record.toString(),
                "--data-dir", dir.resolve("lab").toString(), "--no-color");
        assertThat(labOutput).as(labOutput).contains(" passed, 0 failed");
        page = dir.resolve("timeline.html");
        String out = conclave("timeline", record.toString(), "-o", page.toString());
        assertThat(out).as(out).contains("timeline: " + page.toAbsolutePath() + " (5 peers");
    }

    @Test
    void thePageLoadsWithoutConsoleErrorsAndItsScriptRan() throws Exception {
        Chromium.Load load = chromium.dumpDom(page);
        assertThat(load.console()).as(load.stderr()).isEmpty();
        // the script draws the time axis and moves each native tooltip into data-h
        assertThat(load.dom()).contains("class=\"tick\"").contains("data-h=\"").doesNotContain("<title>partition");
    }

    @Test
    void oneLanePerPeerSplitBrainShadedAndEveryFaultMarked() throws Exception {
        String dom = chromium.dumpDom(page).dom();
        assertThat(count(dom, "<text x=\"8\" y=\"\\d+\" class=\"peer\" data-lane=\"[A-E]\">")).isEqualTo(5);
        assertThat(count(dom, "<rect class=\"area split\"")).isGreaterThanOrEqualTo(2);
        for (String fault : List.of("pause", "resume", "partition", "heal", "kill", "start")) {
            assertThat(count(dom, "<g class=\"fault " + fault + "\"")).as(fault).isEqualTo(1);
        }
        assertThat(count(dom, "<g class=\"merge\"")).isGreaterThanOrEqualTo(2);
        assertThat(dom).contains("killed</text>", "paused</text>", "split brain ");
    }

    @Test
    void hoverShowsTheExactEventAndAMergeRowShowsItsReport() throws Exception {
        Path probe = dir.resolve("interact.html");
        Files.writeString(probe, Files.readString(page).replace("</body>", "<script>"
                + "var view = document.querySelector('#tl rect.view[data-i]');"
                + "view.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: 20, clientY: 20}));"
                + "var tip = document.getElementById('tip').textContent;"
                + "document.querySelector('tr[data-m]').click();"
                + "document.body.setAttribute('data-probe', JSON.stringify({tip: tip, panel: document.getElementById('panel').textContent}));"
                + "</script></body>"));
        Chromium.Load load = chromium.dumpDom(probe);
        assertThat(load.console()).as(load.stderr()).isEmpty();
        assertThat(load.dom()).containsPattern("data-probe=\"\\{&quot;tip&quot;:&quot;[A-E]: view [A-E]\\|\\d+ \\(")
                .contains("\\&quot;type\\&quot;:\\&quot;view\\&quot;")
                .containsPattern("&quot;panel&quot;:&quot;── merge into [A-E]\\|\\d+ at ");
    }

    @Test
    void aScreenshotIsWrittenForAPersonToLookAt() throws Exception {
        Path png = Path.of("target", "timeline-it.png");
        Files.deleteIfExists(png);
        chromium.screenshot(page, png, 1400, 1100);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(20_000);
    }

    @Test
    void theLabsOwnTimelineCommandWroteThePageNextToTheRecord() {
        assertThat(labOutput).contains("timeline: " + dir.resolve("run.jsonl.html").toAbsolutePath() + " (5 peers");
        assertThat(dir.resolve("run.jsonl.html")).exists();
    }

    @Test
    void twentySixPeersOverHalfAnHourLoadAndZoomWithoutErrors() throws Exception {
        LargeRecordingTest.writePage();
        // the same page with a probe that zooms to the first minute and back, and says how long each took
        Path probe = dir.resolve("probe.html");
        Files.writeString(probe, Files.readString(LargeRecordingTest.PAGE).replace("</body>", "<script>"
                + "var t0 = performance.now(); timelineZoom(0, 60000); var t1 = performance.now(); timelineZoom(0, 1e9);"
                + "document.title = 'probe zoom ' + (t1 - t0).toFixed(0) + ' ms, back ' + (performance.now() - t1).toFixed(0)"
                + " + ' ms, page ready after ' + t0.toFixed(0) + ' ms';</script></body>"));
        long started = System.nanoTime();
        Chromium.Load load = chromium.dumpDom(probe);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(load.console()).as(load.stderr()).isEmpty();
        assertThat(count(load.dom(), "class=\"peer\" data-lane=")).isEqualTo(26);
        Matcher figures = Pattern.compile("<title>probe ([^<]*)</title>").matcher(load.dom());
        assertThat(figures.find()).as("the probe ran").isTrue();
        System.out.printf("timeline 26 peers x 30 min in chromium: %s; chromium run %d ms%n", figures.group(1), millis);
    }

    @Test
    void theConsoleCheckSeesAnErrorWhereThereIsOne() throws Exception {
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, "<html><body><script>null.foo();</script></body></html>");
        assertThat(chromium.dumpDom(broken).console()).anyMatch(l -> l.contains("Uncaught TypeError"));
    }

    private static String conclave(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true", "-jar", PeerProcess.jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
