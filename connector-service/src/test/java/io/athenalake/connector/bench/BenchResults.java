package io.athenalake.connector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code bench/results/<area>.json} in the format of ARCHITECTURE.md's Benchmarks section, with the
 * same calls as the project's {@code io.athenalake.devstack.bench.BenchReport} (being added to main): when that
 * lands, the benchmarks switch to it by changing one import.
 */
public final class BenchResults {

    private record Figure(String name, double value, String unit, double baseline, String baselineUnit, String better) {
    }

    private final String area;
    private final List<Figure> figures = new ArrayList<>();

    public BenchResults(String area) {
        this.area = area;
    }

    public BenchResults figure(String name, double value, String unit, double baseline, String baselineUnit, String better) {
        figures.add(new Figure(name, value, unit, baseline, baselineUnit, better));
        return this;
    }

    public Path write() {
        ObjectMapper json = new ObjectMapper();
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).toAbsolutePath();
        Path file = root.resolve("bench/results/" + area + ".json");
        try {
            ObjectNode report = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
            report.put("area", area);
            report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                    + Math.round(totalMemoryGb()) + " GB");
            report.put("date", Instant.now().toString());
            ArrayNode existing = report.has("figures") ? (ArrayNode) report.get("figures") : json.createArrayNode();
            ArrayNode merged = json.createArrayNode();
            existing.forEach(node -> {
                if (figures.stream().noneMatch(f -> f.name().equals(node.path("name").asText()))) {
                    merged.add(node);
                }
            });
            for (Figure figure : figures) {
                ObjectNode node = merged.addObject();
                node.put("name", figure.name());
                node.put("value", round(figure.value()));
                node.put("unit", figure.unit());
                node.put("baseline", round(figure.baseline()));
                node.put("baseline_unit", figure.baselineUnit());
                node.put("ratio", round(figure.baseline() == 0 ? 0 : figure.value() / figure.baseline()));
                node.put("better", figure.better());
            }
            report.set("figures", merged);
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(new File(file.toString()), report);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static double totalMemoryGb() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
        }
        return 0;
    }
}
