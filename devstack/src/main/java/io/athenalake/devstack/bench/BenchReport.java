package io.athenalake.devstack.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's results, written to {@code bench/results/<area>.json} in the format of the
 * architecture's Benchmarks section. Every figure carries the baseline measured in the same run
 * and their ratio; figures with the same name replace earlier ones, others are kept.
 */
public final class BenchReport {

    public static final String RESULTS_DIR_PROPERTY = "bench.results-dir";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final String area;
    private final List<Figure> figures = new ArrayList<>();

    public BenchReport(String area) {
        this.area = area;
    }

    /**
     * @param better {@code "higher"} when a larger value is better (throughput), {@code "lower"} otherwise (time, memory);
     *               the ratio is oriented so that above 1 means the value beats its baseline
     */
    public BenchReport figure(String name, double value, String unit, double baseline, String baselineUnit, String better) {
        if (!"higher".equals(better) && !"lower".equals(better)) {
            throw new IllegalArgumentException("better must be 'higher' or 'lower'");
        }
        // equal figures (a count of 0 against a baseline of 0, say) are on par, not 0/0
        double ratio = value == baseline ? 1.0 : "higher".equals(better) ? value / baseline : baseline / value;
        figures.add(new Figure(name, round(value), unit, round(baseline), baselineUnit, round(ratio), better));
        return this;
    }

    public record Figure(String name, double value, String unit, double baseline, String baseline_unit, double ratio,
                         String better) {
    }

    /** Writes (merging with) {@code <results-dir>/<area>.json}; returns the file. */
    public Path write() {
        Path dir = Path.of(System.getProperty(RESULTS_DIR_PROPERTY, "bench/results"));
        Path file = dir.resolve(area + ".json");
        try {
            Files.createDirectories(dir);
            Map<String, Object> merged = new LinkedHashMap<>();
            if (Files.isRegularFile(file)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> existing = JSON.readValue(file.toFile(), Map.class);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> old = (List<Map<String, Object>>) existing.getOrDefault("figures", List.of());
                old.forEach(figure -> merged.put((String) figure.get("name"), figure));
            }
            figures.forEach(figure -> merged.put(figure.name(), figure));
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("area", area);
            document.put("machine", machine());
            document.put("date", LocalDate.now().toString());
            document.put("figures", new ArrayList<>(merged.values()));
            JSON.writeValue(file.toFile(), document);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String machine() {
        long memoryGb = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024.0 * 1024 * 1024));
        return Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb + " GB";
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
