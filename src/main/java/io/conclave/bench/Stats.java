package io.conclave.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Quantiles of a set of samples (nearest rank), in the samples' unit. */
public record Stats(int count, double p50, double p90, double p99, double max, double mean) {

    public static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        double sum = sorted.stream().mapToDouble(Double::doubleValue).sum();
        return new Stats(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted.get(sorted.size() - 1), sum / sorted.size());
    }

    private static double rank(List<Double> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The fields every bench prints for a time measurement: trials, p50_ms, p90_ms, max_ms. */
    public Map<String, Object> asMillis() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", count);
        m.put("p50_ms", round(p50));
        m.put("p90_ms", round(p90));
        m.put("max_ms", round(max));
        m.put("mean_ms", round(mean));
        return m;
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
