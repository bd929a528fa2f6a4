package io.athenalake.export.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Refuses to start with configuration that would only fail later, at the first snapshot or export. */
@Startup
@ApplicationScoped
public class ConfigValidation {

    private static final Logger LOG = Logger.getLogger(ConfigValidation.class);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_.=-]+/)*");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*\\*?");
    private static final Pattern ID_PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");

    ConfigValidation(ExportServiceConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid export-service configuration: " + String.join("; ", problems));
        }
        LOG.infof("export-service: sources %s, layout %s, export s3://%s/%s, lake s3://%s/%s, crawler %s",
                config.sources(), config.layout().mode(), config.exportBucket(), config.exportPrefix(),
                config.exportBucket(), config.lakePrefix(), config.crawlerName());
    }

    static List<String> problems(ExportServiceConfig config) {
        List<String> problems = new ArrayList<>();
        if (!ROLE_ARN.matcher(config.exportRoleArn()).matches()) {
            problems.add("athena-lake.export-role-arn must be an IAM role ARN, got " + config.exportRoleArn());
        }
        if (config.exportKmsKeyArn().isBlank()) {
            problems.add("athena-lake.export-kms-key-arn is empty");
        }
        for (String name : List.of("export-prefix", "lake-prefix")) {
            String value = name.equals("export-prefix") ? config.exportPrefix() : config.lakePrefix();
            if (!PREFIX.matcher(value).matches()) {
                problems.add("athena-lake." + name + " must be empty or a relative prefix ending with '/', got '" + value + "'");
            }
        }
        if (config.exportPrefix().equals(config.lakePrefix()) || config.lakePrefix().startsWith(config.exportPrefix())
                || config.exportPrefix().startsWith(config.lakePrefix())) {
            problems.add("athena-lake.export-prefix and athena-lake.lake-prefix must not contain each other (the crawler "
                    + "would catalogue daily exports)");
        }
        if (config.sources().isEmpty()) {
            problems.add("athena-lake.sources names no DB instance or cluster");
        }
        config.sources().stream().filter(s -> !SOURCE.matcher(s).matches()).forEach(s ->
                problems.add("athena-lake.sources entry '" + s + "' is neither an identifier nor a prefix ending in *"));
        if (!ID_PREFIX.matcher(config.exportIdPrefix()).matches()) {
            problems.add("athena-lake.export-id-prefix must be 1-16 lower-case letters/digits starting with a letter");
        }
        if (config.layout().retention() < 1) {
            problems.add("athena-lake.layout.retention must be at least 1");
        }
        if (config.layout().retireAfter().isNegative()) {
            problems.add("athena-lake.layout.retire-after must not be negative, got " + config.layout().retireAfter());
        }
        if (config.move().concurrency() < 1 || config.move().concurrency() > 256) {
            problems.add("athena-lake.move.concurrency must be between 1 and 256");
        }
        if (config.move().partSizeBytes() < 5L * 1024 * 1024 || config.move().partSizeBytes() > 5L * 1024 * 1024 * 1024) {
            problems.add("athena-lake.move.part-size-bytes must be between 5 MiB and 5 GiB (S3's part limits)");
        }
        if (config.move().multipartThresholdBytes() > 5L * 1024 * 1024 * 1024) {
            problems.add("athena-lake.move.multipart-threshold-bytes must be at most 5 GiB (CopyObject's limit)");
        }
        if (config.crawlPollInterval().toSeconds() < 1) {
            problems.add("athena-lake.crawl-poll-interval must be at least one second, got " + config.crawlPollInterval());
        }
        return problems;
    }
}
