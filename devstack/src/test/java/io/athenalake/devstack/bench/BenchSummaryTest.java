package io.athenalake.devstack.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary from sample results: the README's marked section rewritten, the rest kept, a chart drawn. No stack. */
class BenchSummaryTest {

    @TempDir
    Path bench;

    @Test
    void rewritesTheMarkedSectionAndDrawsTheChart() throws Exception {
        Path results = Files.createDirectories(bench.resolve("results"));
        System.setProperty(BenchReport.RESULTS_DIR_PROPERTY, results.toString());
        try {
            new BenchReport("query")
                    .figure("streamed download vs paging", 2.5, "s", 35.0, "s", "lower")
                    .figure("throughput | 200 clients", 6.0, "queries/s", 8.0, "queries/s", "higher")
                    .figure("requests lost", 0, "requests", 0, "requests", "lower")
                    .write();
            new BenchReport("devstack").figure("cold start", 22.24, "s", 30.6, "s", "lower").write();
        } finally {
            System.clearProperty(BenchReport.RESULTS_DIR_PROPERTY);
        }
        Files.writeString(bench.resolve("README.md"), "# Benchmarks\n\nintro\n\n## Results\n\n"
                + BenchSummary.START_MARKER + "\nold table\n" + BenchSummary.END_MARKER + "\n\n## After\n\nkept\n");

        BenchSummary.main(new String[] {bench.toString()});

        String readme = Files.readString(bench.resolve("README.md"));
        assertThat(readme).startsWith("# Benchmarks\n\nintro\n\n## Results\n\n").endsWith("\n\n## After\n\nkept\n")
                .doesNotContain("old table")
                .contains("| area | figure | value | baseline | ratio | better when |")
                .contains("| devstack | cold start | 22.2 s | 30.6 s | ×1.38 | lower |")
                .contains("| query | streamed download vs paging | 2.5 s | 35 s | ×14 | lower |")
                .contains("| query | throughput \\| 200 clients | 6 queries/s | 8 queries/s | ×0.75 | higher |")
                .contains("| query | requests lost | 0 requests | 0 requests | ×1 | lower |")
                .contains("![ratio of each figure to its baseline](results/summary.png)");
        assertThat(readme.indexOf("| devstack |")).as("areas in name order").isLessThan(readme.indexOf("| query |"));

        BufferedImage chart = ImageIO.read(bench.resolve("results/summary.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(800);
        assertThat(chart.getHeight()).isGreaterThan(4 * 22);
        assertThat(darkPixels(chart, 0, 300)).as("the labels are drawn").isGreaterThan(500);

        BenchSummary.main(new String[] {bench.toString()});
        assertThat(Files.readString(bench.resolve("README.md"))).as("a second run changes nothing").isEqualTo(readme);
    }

    @Test
    void appendsAMarkedSectionWhenTheReadmeHasNone() throws Exception {
        Path results = Files.createDirectories(bench.resolve("results"));
        Files.writeString(results.resolve("export.json"), """
                {"area":"export","machine":"2 cores, 24 GB","date":"2026-11-21","figures":[
                 {"name":"move","value":12.256,"unit":"objects/s","baseline":18.259,"baseline_unit":"objects/s",
                  "ratio":0.671,"better":"higher"}]}""");
        Files.writeString(bench.resolve("README.md"), "# Benchmarks\n");

        BenchSummary.main(new String[] {bench.toString()});

        List<String> lines = Files.readAllLines(bench.resolve("README.md"));
        assertThat(lines).startsWith("# Benchmarks", "", "## Results", "", BenchSummary.START_MARKER)
                .contains("| export | move | 12.3 objects/s | 18.3 objects/s | ×0.671 | higher |", BenchSummary.END_MARKER);
        assertThat(bench.resolve("results/summary.png")).isRegularFile();
    }

    private static int darkPixels(BufferedImage image, int fromX, int toX) {
        int dark = 0;
        for (int x = fromX; x < Math.min(toX, image.getWidth()); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (brightness < 300) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
