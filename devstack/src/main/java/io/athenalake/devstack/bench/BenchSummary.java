package io.athenalake.devstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Summarizes every {@code bench/results/*.json}: rewrites the marked section of {@code bench/README.md}
 * with one table of all figures (value, baseline, ratio) and draws {@code bench/results/summary.png},
 * each figure's ratio to its baseline on a log scale. Runs as the last step of {@code bench/run};
 * alone: {@code bench/summary}.
 */
public final class BenchSummary {

    public static final String START_MARKER = "<!-- bench-summary:start (written by bench/summary; edits here are overwritten) -->";
    public static final String END_MARKER = "<!-- bench-summary:end -->";
    public static final String CHART = "summary.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One figure of one area, as read from its results file. */
    public record Row(String area, String machine, String date, String name, double value, String unit, double baseline,
                      String baselineUnit, double ratio, String better) {
    }

    private BenchSummary() {
    }

    /** {@code args[0]}: the bench folder (holding {@code README.md} and {@code results/}); {@code bench} when absent. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path bench = Path.of(args.length > 0 ? args[0] : "bench");
        List<Row> rows = read(bench.resolve("results"));
        Path readme = bench.resolve("README.md");
        writeReadme(readme, rows);
        Path chart = bench.resolve("results").resolve(CHART);
        writeChart(chart, rows);
        System.out.println("bench summary: " + rows.size() + " figures -> " + readme + ", " + chart);
    }

    /** Every figure of every {@code <area>.json} in the folder, areas in name order, figures in file order. */
    public static List<Row> read(Path resultsDir) {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(resultsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode document = JSON.readTree(file.toFile());
                String area = document.path("area").asText(file.getFileName().toString().replace(".json", ""));
                for (JsonNode figure : document.path("figures")) {
                    rows.add(new Row(area, document.path("machine").asText(""), document.path("date").asText(""),
                            figure.path("name").asText(), figure.path("value").asDouble(), figure.path("unit").asText(),
                            figure.path("baseline").asDouble(), figure.path("baseline_unit").asText(),
                            figure.path("ratio").asDouble(), figure.path("better").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resultsDir, e);
        }
        return rows;
    }

    /** The markdown table of all figures. */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| area | figure | value | baseline | ratio | better when |\n");
        out.append("|---|---|--:|--:|--:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.area())
                    .append(" | ").append(row.name().replace("|", "\\|"))
                    .append(" | ").append(number(row.value())).append(' ').append(row.unit())
                    .append(" | ").append(number(row.baseline())).append(' ').append(row.baselineUnit())
                    .append(" | ").append(ratio(row.ratio()))
                    .append(" | ").append(row.better())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Replaces what lies between the markers (appending a marked section when the file has none). */
    public static void writeReadme(Path readme, List<Row> rows) {
        try {
            String text = Files.isRegularFile(readme) ? Files.readString(readme) : "";
            List<String> runs = rows.stream().map(r -> r.area() + ": " + r.date() + ", " + r.machine()).distinct().toList();
            String section = START_MARKER + "\n\n" + table(rows) + "\n"
                    + "Measured (area: date, machine): " + String.join("; ", runs) + ".\n\n"
                    + "![ratio of each figure to its baseline](results/" + CHART + ")\n\n" + END_MARKER;
            int start = text.indexOf(START_MARKER);
            int end = text.indexOf(END_MARKER);
            String updated;
            if (start >= 0 && end > start) {
                updated = text.substring(0, start) + section + text.substring(end + END_MARKER.length());
            } else {
                updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n## Results\n\n" + section + "\n";
            }
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + readme, e);
        }
    }

    /**
     * Horizontal bars, one per figure, from ratio 1 (on par with the baseline) to the figure's ratio on a
     * log scale: green to the right when the figure beats its baseline, red to the left when it does not.
     */
    public static void writeChart(Path png, List<Row> rows) {
        int barHeight = 22;
        int top = 70;
        int labelWidth = 820;
        int plotWidth = 560;
        int right = 90;
        int width = labelWidth + plotWidth + right;
        int height = top + Math.max(1, rows.size()) * barHeight + 60;
        double maxDecades = 1;
        for (Row row : rows) {
            if (row.ratio() > 0 && Double.isFinite(row.ratio())) {
                maxDecades = Math.max(maxDecades, Math.ceil(Math.abs(Math.log10(row.ratio()))));
            }
        }
        maxDecades = Math.min(maxDecades, 4);

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(font.deriveFont(Font.BOLD, 15f));
            g.setColor(Color.BLACK);
            g.drawString("Each figure against its baseline from the same run (ratio, log scale; right of 1 = better)", 12, 24);
            g.setFont(font);
            FontMetrics metrics = g.getFontMetrics();

            int plotLeft = labelWidth;
            int center = plotLeft + plotWidth / 2;
            double pixelsPerDecade = (plotWidth / 2.0) / maxDecades;
            // grid: one line per decade
            for (int d = (int) -maxDecades; d <= maxDecades; d++) {
                int x = (int) Math.round(center + d * pixelsPerDecade);
                g.setColor(d == 0 ? Color.DARK_GRAY : new Color(225, 225, 225));
                g.setStroke(new BasicStroke(d == 0 ? 1.5f : 1f));
                g.drawLine(x, top - 8, x, top + rows.size() * barHeight);
                g.setColor(Color.DARK_GRAY);
                String tick = d >= 0 ? "×" + number(Math.pow(10, d)) : "1/" + number(Math.pow(10, -d));
                g.drawString(tick, x - metrics.stringWidth(tick) / 2, top - 12);
            }
            String previousArea = null;
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                int y = top + i * barHeight;
                if (!row.area().equals(previousArea) && i > 0) {
                    g.setColor(new Color(200, 200, 200));
                    g.drawLine(8, y, width - 8, y);
                }
                previousArea = row.area();
                g.setColor(Color.BLACK);
                String label = fit(metrics, row.area() + " · " + row.name(), labelWidth - 20);
                g.drawString(label, 10, y + barHeight - 7);
                double ratio = row.ratio();
                double decades = ratio > 0 && Double.isFinite(ratio) ? Math.log10(ratio) : (ratio > 0 ? maxDecades : -maxDecades);
                decades = Math.max(-maxDecades, Math.min(maxDecades, decades));
                int x = (int) Math.round(center + decades * pixelsPerDecade);
                g.setColor(ratio >= 1 ? new Color(60, 150, 80) : new Color(200, 70, 60));
                int barLeft = Math.min(center, x);
                g.fillRect(barLeft, y + 4, Math.max(2, Math.abs(x - center)), barHeight - 8);
                g.setColor(Color.BLACK);
                String text = ratio(ratio);
                int textX = ratio >= 1 ? Math.max(x, center) + 4 : Math.min(x, center) - metrics.stringWidth(text) - 4;
                if (textX < plotLeft) {
                    textX = center + 4;
                }
                g.drawString(text, textX, y + barHeight - 7);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString("ratio = value/baseline when higher is better, baseline/value when lower is better; "
                    + "the baselines and the figures are in bench/results/*.json", 10, height - 20);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png, e);
        }
    }

    private static String fit(FontMetrics metrics, String text, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    private static String ratio(double ratio) {
        return Double.isFinite(ratio) ? "×" + number(ratio) : String.valueOf(ratio);
    }

    /** Whole numbers from 1,000 up, otherwise three significant digits; no exponent, no trailing zeros. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }
}
