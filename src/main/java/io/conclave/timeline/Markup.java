package io.conclave.timeline;

import io.conclave.shell.Durations;

import java.time.Duration;

/** Escaping and number formatting shared by the page and its SVG. */
final class Markup {

    private Markup() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** One decimal, no exponent, no locale: SVG coordinates. */
    static String num(double value) {
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long frac = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return frac == 0 ? sign + whole : sign + whole + "." + frac;
    }

    static String duration(Duration d) {
        return d == null ? "–" : Durations.format(d);
    }

    /** Offsets from the start of the recording: "+12.3 s", "+4:05.2" past two minutes. */
    static String offset(Duration d) {
        long ms = d.toMillis();
        if (ms < 120_000) {
            return "+" + String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "+%d:%04.1f", ms / 60_000, (ms % 60_000) / 1000.0);
    }
}
