package io.conclave.timeline;

import io.conclave.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import static io.conclave.timeline.Markup.duration;
import static io.conclave.timeline.Markup.esc;
import static io.conclave.timeline.Markup.offset;

/**
 * The timeline as one self-contained HTML page: a summary, the swimlanes (inline SVG), a legend, and a small
 * script for zoom, hover and details. Nothing is fetched, so it opens from {@code file://} and prints as is.
 */
public final class HtmlPage {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);
    /** More leader changes than this are listed in the lanes, not the summary. */
    private static final int LISTED = 40;

    private final Timeline t;
    private final StringBuilder out = new StringBuilder(1 << 16);

    private HtmlPage(Timeline timeline) {
        this.t = timeline;
    }

    public static String render(Timeline timeline) {
        return new HtmlPage(timeline).page();
    }

    private String page() {
        String title = "Conclave timeline" + (t.cluster() == null ? "" : " · " + t.cluster());
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n")
                .append(resource("timeline.css")).append("</style></head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        facts();
        faultTable();
        mergeTable();
        out.append("<form class=\"controls\" id=\"range\"><button type=\"button\" id=\"all\">whole recording</button>")
                .append("<button type=\"button\" id=\"out\">zoom out</button><button type=\"button\" id=\"left\">◀</button>")
                .append("<button type=\"button\" id=\"right\">▶</button> from <input id=\"from\" type=\"number\" step=\"0.1\"> s to ")
                .append("<input id=\"to\" type=\"number\" step=\"0.1\"> s <button>show</button>")
                .append("<span class=\"hint\">drag across the lanes to zoom in, shift + wheel to zoom around the pointer; ")
                .append("hover for the exact event, click for details; click a fault or merge row to zoom to it</span></form>\n");
        out.append(SvgLanes.render(t));
        legend();
        out.append("<div id=\"panel\"><pre>Click a piece of the timeline, a fault or a merge for its details.</pre></div>\n<div id=\"tip\"></div>\n");
        out.append("<script type=\"application/json\" id=\"events\">")
                .append(Json.write(t.events().stream().map(Recorded::fields).toList()).replace("</", "<\\/")).append("</script>\n");
        data("merges", t.merges().stream().map(MergeMark::report).toList());
        data("faults", t.faults().stream().map(f -> f.label() + " at " + offset(since(f.at()))
                + "\n  new leader after " + duration(f.newLeader()) + (f.action().equals("heal") ? ", merged after " + duration(f.merged()) : "")
                + ", settled after " + duration(f.settled()) + "\n  then " + f.outcome()).toList());
        out.append("<script>\n").append(resource("timeline.js")).append("</script>\n</body></html>\n");
        return out.toString();
    }

    private void facts() {
        out.append("<dl class=\"facts\">\n");
        fact("cluster", t.cluster() == null ? "not recorded" : t.cluster());
        fact("mode", t.mode() + (t.strict() ? " (never two leaders at once)" : " (each side of a partition leads: split brain by design)"));
        fact("stack", t.stack() == null ? "not recorded" : t.stack());
        fact("peers", t.lanes().size() + ": " + t.lanes().stream().map(Lane::peer).collect(Collectors.joining(", ")));
        fact("recorded", UTC.format(t.start()) + ", " + duration(t.length()) + ", " + t.events().size() + " events"
                + (t.labClosed() == null ? "" : "; then the lab closed"));
        clocks();
        out.append("<dt>leaders over time</dt><dd class=\"leaders\">");
        List<Period> leaders = t.leaders();
        leaders.stream().limit(LISTED).forEach(p -> out.append("<span>").append(esc(p.leaders().isEmpty() ? "none" : String.join(" + ", p.leaders())))
                .append(" ").append(offset(since(p.from()))).append(" for ").append(duration(p.length())).append("</span> "));
        if (leaders.size() > LISTED) {
            out.append("<span>… and ").append(leaders.size() - LISTED).append(" more changes (see the leaders row)</span>");
        }
        out.append("</dd>\n");
        fact("longest leaderless period", t.longestLeaderless().map(p -> duration(p.length()) + " from " + offset(since(p.from()))).orElse("none"));
        out.append("<dt>split brain</dt><dd>").append(periods(t.splitBrain(), false)).append("</dd>\n");
        out.append("<dt>two leaders at once</dt><dd>").append(periods(t.overlaps(), t.strict())).append("</dd>\n");
        out.append("</dl>\n");
    }

    private void clocks() {
        if (t.skews().size() == 1) {
            fact("clocks", "one clock (one source: " + t.skews().get(0).source() + ")");
            return;
        }
        out.append("<dt>clocks</dt><dd>aligned on views installed in several sources; skew against ").append(esc(t.skews().get(0).source()))
                .append("<table><tr><th>source</th><th>estimated skew</th><th>from</th></tr>");
        for (ClockSkew s : t.skews()) {
            out.append("<tr><td>").append(esc(s.source())).append("</td><td>");
            if (s.reference()) {
                out.append("reference</td><td></td></tr>");
            } else if (!s.aligned()) {
                out.append("<span class=\"bad\">not aligned</span></td><td>it shares no view with the others; drawn as recorded</td></tr>");
            } else {
                // the clock ran ahead by -offset: its stamps were moved by offset
                long ahead = -s.offset().toMillis();
                out.append(ahead >= 0 ? "ahead " : "behind ").append(duration(Duration.ofMillis(Math.abs(ahead))))
                        .append("</td><td>").append(s.sharedViews()).append(s.sharedViews() == 1 ? " view" : " views")
                        .append(", spread ").append(duration(s.spread())).append("</td></tr>");
            }
        }
        out.append("</table></dd>\n");
    }

    private String periods(List<Period> periods, boolean bad) {
        if (periods.isEmpty()) {
            return "<span class=\"good\">none</span>";
        }
        String list = periods.stream().limit(LISTED).map(p -> offset(since(p.from())) + " for " + duration(p.length())
                + " (" + String.join(", ", p.leaders()) + ")").collect(Collectors.joining("; "));
        String text = periods.size() + (periods.size() == 1 ? " period, " : " periods, ") + duration(Timeline.total(periods))
                + " in all: " + list + (periods.size() > LISTED ? "; …" : "");
        return bad ? "<span class=\"bad\">" + esc(text) + "</span>" : esc(text);
    }

    private void faultTable() {
        if (t.faults().isEmpty()) {
            return;
        }
        out.append("<h2>Faults and what followed</h2>\n<table><tr><th>at</th><th>fault</th><th>new leader after</th>")
                .append("<th>merged after</th><th>settled after</th><th>then</th></tr>\n");
        for (FaultMark f : t.faults()) {
            Duration settled = f.settled() == null ? Duration.ZERO : f.settled();
            out.append("<tr class=\"zoom\" data-zoom=\"").append(zoom(f.at().minusSeconds(1), f.at().plus(settled).plusSeconds(1)))
                    .append("\"><td>").append(offset(since(f.at()))).append("</td><td>").append(esc(f.label())).append("</td><td>")
                    .append(duration(f.newLeader())).append("</td><td>").append(f.action().equals("heal") ? duration(f.merged()) : "")
                    .append("</td><td>").append(duration(f.settled())).append("</td><td>").append(esc(f.outcome())).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private void mergeTable() {
        if (t.merges().isEmpty()) {
            return;
        }
        out.append("<h2>Merges</h2>\n<table><tr><th>at</th><th>view</th><th>split lasted</th><th>what it came to (click for the report)</th></tr>\n");
        for (int k = 0; k < t.merges().size(); k++) {
            MergeMark m = t.merges().get(k);
            Instant splitFrom = m.split() == null ? m.at().minusSeconds(3) : m.at().minus(m.split());
            out.append("<tr class=\"zoom\" data-m=\"").append(k).append("\" data-zoom=\"")
                    .append(zoom(splitFrom.minusSeconds(1), m.at().plusSeconds(2))).append("\"><td>")
                    .append(offset(since(m.at()))).append("</td><td>").append(esc(m.view())).append("</td><td>").append(duration(m.split()))
                    .append("</td><td>").append(esc(m.outcome()))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private void legend() {
        out.append("<p class=\"legend\">")
                .append(key("<rect width=\"26\" height=\"12\" fill=\"#e8ecf2\"/>", "view (id · members)"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"#8ecae6\"/>", "→ leader it followed (colour of the leader, epoch)"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-none)\"/>", "no leader"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"#1f2937\"/>", "★ leads itself"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-killed)\"/>", "killed"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-stopped)\"/>", "stopped"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-paused)\"/>", "paused"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-split)\" opacity=\".6\"/>", "split brain"))
                .append(key("<rect width=\"26\" height=\"12\" fill=\"url(#p-overlap)\"/>", "two leaders (quorum, raft)"))
                .append(key("<line x1=\"13\" x2=\"13\" y1=\"0\" y2=\"12\" stroke=\"#111\" stroke-dasharray=\"3 2\"/>", "fault"))
                .append(key("<line x1=\"13\" x2=\"13\" y1=\"0\" y2=\"12\" stroke=\"#15803d\" stroke-width=\"1.6\" stroke-dasharray=\"1 3\"/>", "heal, start, resume"))
                .append(key("<line x1=\"13\" x2=\"13\" y1=\"0\" y2=\"12\" stroke=\"#0e7490\" stroke-width=\"3\"/>", "⋈ merge"))
                .append(key("<path d=\"M13,1 l-5,9 l10,0z\" fill=\"#f59e0b\"/>", "suspicion"))
                .append(key("<path d=\"M9,2 h8 v8 h-8z\" fill=\"#fde68a\" stroke=\"#92400e\"/>", "notice"))
                .append("</p>\n");
    }

    private static String key(String shape, String text) {
        return "<span><svg width=\"26\" height=\"12\">" + shape + "</svg> " + esc(text) + "</span>";
    }

    private void fact(String name, String value) {
        out.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    /** A JSON array of strings in a script element; "</" is escaped so no string can end the element. */
    private void data(String id, List<String> values) {
        out.append("<script type=\"application/json\" id=\"").append(id).append("\">")
                .append(Json.write(values).replace("</", "<\\/")).append("</script>\n");
    }

    private String zoom(Instant from, Instant to) {
        return Math.max(0, since(from).toMillis()) + "," + since(to).toMillis();
    }

    private Duration since(Instant at) {
        return Duration.between(t.start(), at);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
