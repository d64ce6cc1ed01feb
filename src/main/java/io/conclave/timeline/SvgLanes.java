package io.conclave.timeline;

import io.conclave.timeline.Lane.DownSpan;
import io.conclave.timeline.Lane.FollowSpan;
import io.conclave.timeline.Lane.LeadSpan;
import io.conclave.timeline.Lane.Mark;
import io.conclave.timeline.Lane.ViewSpan;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.conclave.timeline.Markup.duration;
import static io.conclave.timeline.Markup.esc;
import static io.conclave.timeline.Markup.num;

/**
 * The swimlanes as one SVG, laid out for the whole recording. Every piece that sits on the time axis carries
 * its times ({@code data-a}, {@code data-b}, in ms from the start), so the page's script can zoom by moving
 * pieces instead of drawing them again; everything has a text label or a pattern, so a printout in black and
 * white says the same as the screen.
 */
final class SvgLanes {

    static final int WIDTH = 1400;
    static final int X0 = 74;
    static final int PLOT = WIDTH - X0 - 10;
    static final int FAULT_ROWS = 3;
    static final int ROW = 14;
    static final int SPLIT_ROW = 6 + FAULT_ROWS * ROW;
    static final int AXIS = SPLIT_ROW + ROW + 4;
    static final int CLUSTER = AXIS + 18;
    static final int CLUSTER_H = 20;
    static final int LANES = CLUSTER + CLUSTER_H + 6;
    static final int LANE_H = 50;
    /** Estimated width of one character of the 10 px labels, to leave out labels that do not fit. */
    static final double CHAR = 6.2;
    private static final String[] PALETTE = {"#8ecae6", "#ffb703", "#90be6d", "#f4a3c8", "#b8a1e3", "#f9844a",
            "#4cc9f0", "#d4e157", "#e5989b", "#80cbc4", "#ffd6a5", "#a0c4ff"};

    private final Timeline t;
    private final double total;
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final StringBuilder out = new StringBuilder(1 << 16);

    private SvgLanes(Timeline timeline) {
        this.t = timeline;
        this.total = Math.max(1, ms(timeline.end()));
        for (int i = 0; i < timeline.lanes().size(); i++) {
            laneIndex.put(timeline.lanes().get(i).peer(), i);
        }
    }

    static String render(Timeline timeline) {
        return new SvgLanes(timeline).svg();
    }

    static int height(Timeline timeline) {
        return LANES + timeline.lanes().size() * LANE_H + 2 * ROW + 8;
    }

    private String svg() {
        int height = height(t);
        int bottom = LANES + t.lanes().size() * LANE_H;
        out.append("<svg id=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" data-x0=\"").append(X0).append("\" data-pw=\"").append(PLOT).append("\" data-total=\"").append(num(total))
                .append("\" data-char=\"").append(CHAR).append("\" data-axis=\"").append(AXIS).append("\" data-bottom=\"").append(bottom)
                .append("\" data-lanes=\"").append(t.lanes().size()).append("\" role=\"img\" aria-label=\"timeline of ")
                .append(t.lanes().size()).append(" peers\">\n");
        defs(height);
        labels(bottom);
        out.append("<g clip-path=\"url(#plot)\">\n");
        clusterStrip();
        for (int i = 0; i < t.lanes().size(); i++) {
            lane(t.lanes().get(i), LANES + i * LANE_H);
        }
        periods(t.splitBrain(), "split", "split brain", bottom);
        if (t.strict()) {
            periods(t.overlaps(), "overlap", "TWO LEADERS", bottom);
        }
        faults(bottom);
        merges(bottom);
        out.append("<g id=\"ticks\"></g><rect id=\"sel\" x=\"0\" y=\"").append(AXIS - 10).append("\" width=\"0\" height=\"")
                .append(bottom - AXIS + 10).append("\"/>\n</g>\n</svg>\n");
        return out.toString();
    }

    private void defs(int height) {
        out.append("<defs>\n")
                .append("<clipPath id=\"plot\"><rect x=\"").append(X0).append("\" y=\"0\" width=\"").append(PLOT)
                .append("\" height=\"").append(height).append("\"/></clipPath>\n")
                .append(pattern("p-none", "#999", 6, "M0,6 l6,-6", 1))
                .append(pattern("p-split", "#e76f00", 8, "M0,8 l8,-8 M-2,2 l4,-4 M6,10 l4,-4", 2))
                .append(pattern("p-overlap", "#d00000", 6, "M0,6 l6,-6 M0,0 l6,6", 1.5))
                .append(pattern("p-killed", "#222", 6, "M0,6 l6,-6 M0,0 l6,6", 1.2))
                .append(pattern("p-stopped", "#777", 6, "M0,3 l6,0", 1.2))
                .append("<pattern id=\"p-paused\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">")
                .append("<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#1d4ed8\"/></pattern>\n")
                .append("</defs>\n");
    }

    private static String pattern(String id, String colour, int size, String path, double width) {
        return "<pattern id=\"" + id + "\" width=\"" + size + "\" height=\"" + size + "\" patternUnits=\"userSpaceOnUse\">"
                + "<path d=\"" + path + "\" stroke=\"" + colour + "\" stroke-width=\"" + width + "\"/></pattern>\n";
    }

    /** The fixed left column: one name per lane, and the cluster strip's name. */
    private void labels(int bottom) {
        out.append("<g class=\"names\">\n");
        out.append("<text x=\"6\" y=\"").append(CLUSTER + 14).append("\" class=\"rowname\">leaders</text>\n");
        for (int i = 0; i < t.lanes().size(); i++) {
            int y = LANES + i * LANE_H;
            out.append("<rect class=\"lanebg").append(i % 2 == 0 ? "" : " odd").append("\" x=\"0\" y=\"").append(y)
                    .append("\" width=\"").append(WIDTH).append("\" height=\"").append(LANE_H).append("\"/>")
                    .append("<text x=\"8\" y=\"").append(y + 29).append("\" class=\"peer\" data-lane=\"")
                    .append(esc(t.lanes().get(i).peer())).append("\">").append(esc(t.lanes().get(i).peer())).append("</text>\n");
        }
        out.append("<text x=\"6\" y=\"").append(bottom + ROW).append("\" class=\"rowname\">merges</text>\n");
        out.append("<text x=\"6\" y=\"").append(SPLIT_ROW + 10).append("\" class=\"rowname\">faults</text>\n");
        out.append("</g>\n");
    }

    /** Who believed they led, for the whole cluster: one leader, several (hatched), or none (hatched grey). */
    private void clusterStrip() {
        for (Period p : t.leaders()) {
            String several = t.strict() ? "url(#p-overlap)" : "url(#p-split)";
            String fill = p.leaders().isEmpty() ? "url(#p-none)" : p.leaders().size() > 1 ? several : colour(p.leaders().get(0));
            String label = p.leaders().isEmpty() ? "no leader" : String.join(" + ", p.leaders());
            String what = (p.leaders().isEmpty() ? "no peer believed it led" : label + (p.leaders().size() > 1 ? " all believed they led" : " led"))
                    + " for " + duration(p.length()) + " (" + Markup.offset(Duration.between(t.start(), p.from())) + ")";
            span(p.from(), p.to(), CLUSTER, CLUSTER_H, "band", fill, label, what, -1);
        }
    }

    private void lane(Lane lane, int y) {
        for (ViewSpan v : lane.views()) {
            String members = v.members().size() <= 8 ? String.join(",", v.members()) : v.members().size() + " members";
            span(v.from(), v.to(), y + 3, 14, "view", null, v.view() + " · " + members,
                    lane.peer() + " in view " + v.view() + ": " + String.join(", ", v.members()), v.event());
        }
        for (FollowSpan f : lane.follows()) {
            String label = f.leader() == null ? "no leader" + (f.reason() == null ? "" : ": " + f.reason())
                    : "→ " + f.leader() + "  e" + f.epoch();
            String what = f.leader() == null ? lane.peer() + " names no leader: " + f.reason()
                    : lane.peer() + " follows " + f.leader() + " (epoch " + f.epoch() + ")";
            span(f.from(), f.to(), y + 19, 14, "follow", f.leader() == null ? "url(#p-none)" : colour(f.leader()), label, what, f.event());
        }
        for (LeadSpan l : lane.leads()) {
            String token = l.token() == null ? "" : " token " + l.token();
            span(l.from(), l.to(), y + 35, 11, "lead", null, "★ leads · epoch " + l.epoch() + token,
                    lane.peer() + " believes it leads, epoch " + l.epoch() + token + ", for " + duration(l.length()), l.event());
        }
        for (DownSpan d : lane.downs()) {
            String state = d.state().label();
            span(d.from(), d.to(), y + 1, LANE_H - 2, "down " + state, "url(#p-" + state + ")", state,
                    lane.peer() + " " + state + " for " + duration(Duration.between(d.from(), d.to())), d.event());
        }
        for (Mark m : lane.marks()) {
            mark(m, y);
        }
    }

    private void mark(Mark m, int y) {
        String shape = switch (m.kind()) {
            case "suspect" -> "M0,3 l-5,9 l10,0z";
            case "merge" -> "M0,3 l6,7 l-6,7 l-6,-7z";
            default -> "M-4,3 h8 v8 h-8z";
        };
        out.append("<path class=\"mark ").append(m.kind()).append("\" d=\"").append(shape).append("\" transform=\"translate(")
                .append(num(x(m.at()))).append(',').append(y).append(")\" data-a=\"").append(num(ms(m.at()))).append("\" data-y=\"")
                .append(y).append("\" data-i=\"").append(m.event()).append("\"/>\n");
    }

    /** Split brain (or, in strict modes, two leaders) shaded across every lane, with its length in its own row. */
    private void periods(List<Period> periods, String kind, String name, int bottom) {
        for (Period p : periods) {
            String what = name + " for " + duration(p.length()) + ": " + String.join(", ", p.leaders());
            rect(p.from(), p.to(), CLUSTER, bottom - CLUSTER, "area " + kind, null, what, -1);
            text(p.from(), p.to(), SPLIT_ROW + 10, "slabel " + kind + "-l", name + " " + duration(p.length()), duration(p.length()));
        }
    }

    private void faults(int bottom) {
        double[] rowEnds = new double[FAULT_ROWS];
        java.util.Arrays.fill(rowEnds, -1e9);
        for (int k = 0; k < t.faults().size(); k++) {
            FaultMark f = t.faults().get(k);
            double x = x(f.at());
            int row = 0;
            while (row < FAULT_ROWS && rowEnds[row] > x) {
                row++;
            }
            String label = f.label();
            out.append("<g class=\"fault ").append(esc(f.action())).append("\" data-i=\"").append(f.event()).append("\" data-f=\"").append(k).append("\">")
                    .append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(6 + row * ROW)
                    .append("\" y2=\"").append(bottom).append("\" data-a=\"").append(num(ms(f.at()))).append("\"/>")
                    .append("<text class=\"flabel\"").append(pointLabel(x, label)).append(" y=\"").append(16 + row * ROW).append("\" data-a=\"")
                    .append(num(ms(f.at()))).append("\" data-w=\"").append(num(label.length() * CHAR)).append("\" data-row=\"").append(row).append('"')
                    .append(row < FAULT_ROWS ? "" : " visibility=\"hidden\"").append(">").append(esc(label)).append("</text>")
                    .append("<title>").append(esc(label + ": " + f.outcome())).append("</title></g>\n");
            if (row < FAULT_ROWS) {
                rowEnds[row] = x + label.length() * CHAR + 8;
            }
        }
    }

    /** A merge joins the lanes of its members: a line through them at the moment of the merge. */
    private void merges(int bottom) {
        for (int k = 0; k < t.merges().size(); k++) {
            MergeMark m = t.merges().get(k);
            int first = m.members().stream().mapToInt(p -> laneIndex.getOrDefault(p, 0)).min().orElse(0);
            int last = m.members().stream().mapToInt(p -> laneIndex.getOrDefault(p, 0)).max().orElse(0);
            double x = x(m.at());
            String label = "⋈ " + m.view() + (m.split() == null ? "" : " (split " + duration(m.split()) + ")");
            out.append("<g class=\"merge\" data-m=\"").append(k).append("\" data-i=\"").append(m.event()).append("\">")
                    .append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(LANES + first * LANE_H + 4)
                    .append("\" y2=\"").append(LANES + last * LANE_H + LANE_H - 4).append("\" data-a=\"").append(num(ms(m.at()))).append("\"/>")
                    .append("<text class=\"mlabel\"").append(pointLabel(x, label)).append(" y=\"").append(bottom + ROW).append("\" data-a=\"")
                    .append(num(ms(m.at()))).append("\" data-w=\"").append(num(label.length() * CHAR)).append("\">").append(esc(label)).append("</text>")
                    .append("<title>").append(esc(m.report())).append("</title></g>\n");
        }
    }

    private void span(Instant from, Instant to, int y, int h, String kind, String fill, String label, String what, int event) {
        rect(from, to, y, h, kind, fill, what, event);
        text(from, to, y + h / 2 + 4, "l " + kind.split(" ")[0] + "-l", label);
    }

    private void rect(Instant from, Instant to, int y, int h, String kind, String fill, String what, int event) {
        double a = x(from);
        double b = x(to);
        out.append("<rect class=\"").append(kind).append("\" x=\"").append(num(a)).append("\" y=\"").append(y).append("\" width=\"")
                .append(num(Math.max(0.5, b - a))).append("\" height=\"").append(h).append('"');
        if (fill != null) {
            out.append(" fill=\"").append(fill).append('"');
        }
        out.append(" data-a=\"").append(num(ms(from))).append("\" data-b=\"").append(num(ms(to))).append('"');
        if (event >= 0) {
            // the hover shows the event itself; a title of its own would only double the page
            out.append(" data-i=\"").append(event).append("\"/>\n");
        } else {
            out.append("><title>").append(esc(what)).append("</title></rect>\n");
        }
    }

    private void text(Instant from, Instant to, int y, String kind, String label) {
        text(from, to, y, kind, label, null);
    }

    /** A label inside a span; {@code brief} stands in for it where only that fits. */
    private void text(Instant from, Instant to, int y, String kind, String label, String brief) {
        double a = x(from);
        double room = x(to) - a - 6;
        String shown = label.length() * CHAR <= room || brief == null ? label : brief;
        boolean fits = shown.length() * CHAR <= room;
        out.append("<text class=\"").append(kind).append("\" x=\"").append(num(a + 3)).append("\" y=\"").append(y)
                .append("\" data-a=\"").append(num(ms(from))).append("\" data-b=\"").append(num(ms(to))).append("\" data-w=\"")
                .append(num(label.length() * CHAR)).append('"');
        if (brief != null) {
            out.append(" data-long=\"").append(esc(label)).append("\" data-brief=\"").append(esc(brief)).append('"');
        }
        out.append(fits ? "" : " visibility=\"hidden\"").append('>').append(esc(shown)).append("</text>\n");
    }

    /** Right of its line, or left of it where the plot ends (as the script places it after a zoom). */
    private static String pointLabel(double x, String label) {
        boolean left = x + label.length() * CHAR + 3 > X0 + PLOT;
        return " x=\"" + num(left ? x - 3 : x + 3) + "\" text-anchor=\"" + (left ? "end" : "start") + "\"";
    }

    private String colour(String leader) {
        Integer index = laneIndex.get(leader);
        return PALETTE[Math.floorMod(index == null ? leader.hashCode() : index, PALETTE.length)];
    }

    private double ms(Instant at) {
        return Duration.between(t.start(), at).toNanos() / 1e6;
    }

    private double x(Instant at) {
        return X0 + ms(at) / total * PLOT;
    }
}
