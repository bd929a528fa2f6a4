package io.athenalake.devstack.sqs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The devstack's queues ({@link LakeQueues}) against infra's ({@code infra/modules/queue} as {@code infra/modules/*}
 * call it), read from the Terraform text: the same queues, and the same settings unless the devstack differs on purpose —
 * {@link #ON_PURPOSE}, each with its reason (also in {@link LakeQueues}' and the devstack README's words). A setting
 * infra makes a variable is compared at the variable's default, which a deployment may override.
 */
class LakeQueuesMatchInfraTest {

    private static final String ELASTICMQ_RETENTION = "none (ElasticMQ keeps a message until it is deleted)";

    /** Settings the devstack sets differently from infra on purpose, and why. */
    private static final Map<String, String> ON_PURPOSE = Map.of(
            "visibility_timeout_seconds", "30 s on every queue in the devstack: the services pass their own timeout on every"
                    + " receive, so the queue's never applies to them; a test's own receive sees a message it did not"
                    + " delete again after 30 s instead of 1 to 15 minutes",
            "message_retention_seconds", "ElasticMQ does not expire messages (MessageRetentionPeriod is among its"
                    + " unsupported attributes)",
            "dlq.message_retention_seconds", "ElasticMQ does not expire messages");

    @Test
    void theDevstackHasInfrasQueues() {
        assertThat(devstackQueues().keySet()).containsExactlyInAnyOrderElementsOf(infraQueues().keySet());
    }

    @Test
    void everySettingIsInfrasUnlessItDiffersOnPurpose() {
        Map<String, Map<String, String>> infra = infraQueues();
        Map<String, Map<String, String>> devstack = devstackQueues();
        List<String> drifted = new ArrayList<>();
        Map<String, Integer> differing = new TreeMap<>();
        for (var queue : infra.entrySet()) {
            Map<String, String> ours = devstack.getOrDefault(queue.getKey(), Map.of());
            queue.getValue().forEach((setting, infraValue) -> {
                String devstackValue = ours.get(setting);
                if (infraValue.equals(devstackValue)) {
                    return;
                }
                differing.merge(setting, 1, Integer::sum);
                if (!ON_PURPOSE.containsKey(setting)) {
                    drifted.add(queue.getKey() + " " + setting + ": infra " + infraValue + ", devstack " + devstackValue);
                }
            });
        }
        assertThat(drifted).as("settings where the devstack's queues differ from infra's (change LakeQueues, or say why"
                + " in ON_PURPOSE, LakeQueues and the README)").isEmpty();
        assertThat(differing.keySet()).as("a setting said to differ on purpose that no longer differs: drop it from"
                + " ON_PURPOSE").containsExactlyInAnyOrderElementsOf(ON_PURPOSE.keySet());
    }

    @Test
    void theTerraformReaderFindsWhatTheModulesSay() {
        // an independent check of the reader on values spelled out in infra/modules/query/main.tf and the variables'
        // defaults: if the Terraform changes, change this test too
        Map<String, Map<String, String>> infra = infraQueues();
        assertThat(infra.get("lake-events")).containsEntry("visibility_timeout_seconds", "300")
                .containsEntry("max_receive_count", "5").containsEntry("fifo_queue", "false");
        assertThat(infra.get("schedule-firings")).containsEntry("fifo_queue", "true");
        assertThat(infra.get("query-results")).containsEntry("visibility_timeout_seconds", "60")
                .containsEntry("message_retention_seconds", "345600")
                .containsEntry("dlq.message_retention_seconds", "1209600");
    }

    /** The devstack's queues by listed name: each setting as infra's Terraform names it. */
    private static Map<String, Map<String, String>> devstackQueues() {
        Map<String, Map<String, String>> queues = new TreeMap<>();
        for (LakeQueues.Queue queue : LakeQueues.ALL) {
            Map<String, String> settings = new TreeMap<>();
            settings.put("fifo_queue", Boolean.toString(queue.fifo()));
            settings.put("visibility_timeout_seconds", Integer.toString(queue.visibilityTimeoutSeconds()));
            settings.put("max_receive_count", Integer.toString(queue.maxReceiveCount()));
            settings.put("message_retention_seconds", ELASTICMQ_RETENTION);
            settings.put("dlq.message_retention_seconds", ELASTICMQ_RETENTION);
            queues.put(queue.name(), settings);
        }
        return queues;
    }

    // ---- infra's queues, from the Terraform text

    /**
     * Every call of {@code infra/modules/queue} from a module under {@code infra/modules}, by queue name (without the
     * {@code name_prefix}): the settings of its {@code aws_sqs_queue} resources "this" and "dlq", each argument resolved
     * through the call (a literal, or the calling module's variable at its default) or the queue module's default.
     */
    private static Map<String, Map<String, String>> infraQueues() {
        Path modules = infraModules();
        Path queueModule = modules.resolve("queue");
        String queueMain = read(queueModule.resolve("main.tf"));
        Map<String, String> queueDefaults = variableDefaults(queueModule);
        Map<String, String> queueResource = arguments(block(queueMain, "resource \"aws_sqs_queue\" \"this\""));
        Map<String, String> dlqResource = arguments(block(queueMain, "resource \"aws_sqs_queue\" \"dlq\""));
        Matcher maxReceive = Pattern.compile("maxReceiveCount\\s*=\\s*(\\S+)")
                .matcher(block(queueMain, "resource \"aws_sqs_queue\" \"this\""));
        assertThat(maxReceive.find()).as("maxReceiveCount in the redrive_policy of aws_sqs_queue.this").isTrue();
        Map<String, String> expressions = new LinkedHashMap<>();
        expressions.put("fifo_queue", queueResource.get("fifo_queue"));
        expressions.put("visibility_timeout_seconds", queueResource.get("visibility_timeout_seconds"));
        expressions.put("message_retention_seconds", queueResource.get("message_retention_seconds"));
        expressions.put("max_receive_count", maxReceive.group(1));
        expressions.put("dlq.message_retention_seconds", dlqResource.get("message_retention_seconds"));
        expressions.forEach((setting, expression) -> assertThat(expression).as(setting + " in infra/modules/queue").isNotNull());

        Map<String, Map<String, String>> queues = new TreeMap<>();
        try (var folders = Files.list(modules)) {
            for (Path module : folders.sorted().toList()) {
                Path main = module.resolve("main.tf");
                if (!Files.isRegularFile(main)) {
                    continue;
                }
                Map<String, String> moduleDefaults = variableDefaults(module);
                for (String call : blocks(read(main), "module \"[^\"]+\"")) {
                    Map<String, String> arguments = arguments(call);
                    if (!"\"../queue\"".equals(arguments.get("source"))) {
                        continue;
                    }
                    Map<String, String> settings = new TreeMap<>();
                    expressions.forEach((setting, expression) -> settings.put(setting,
                            resolve(expression, arguments, moduleDefaults, queueDefaults)));
                    queues.put(queueName(arguments.get("name")), settings);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(queues).as("calls of infra/modules/queue").isNotEmpty();
        return queues;
    }

    /** {@code "${var.name_prefix}-rds-events"} → {@code rds-events}. */
    private static String queueName(String expression) {
        Matcher name = Pattern.compile("^\"\\$\\{var\\.name_prefix}-(.+)\"$").matcher(expression);
        assertThat(name.matches()).as("queue name " + expression).isTrue();
        return name.group(1);
    }

    /** An argument of the queue module's resource: {@code var.x} is the call's {@code x} or the module's default. */
    private static String resolve(String expression, Map<String, String> call, Map<String, String> callerDefaults,
                                  Map<String, String> queueDefaults) {
        if (!expression.startsWith("var.")) {
            return expression;
        }
        String variable = expression.substring(4);
        String argument = call.get(variable);
        if (argument == null) {
            return queueDefaults.get(variable);
        }
        if (argument.startsWith("var.")) {
            String value = callerDefaults.get(argument.substring(4));
            assertThat(value).as("the default of " + argument + ", passed to the queue module as " + variable).isNotNull();
            return value;
        }
        return argument;
    }

    private static Map<String, String> variableDefaults(Path module) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Path variables = module.resolve("variables.tf");
        if (!Files.isRegularFile(variables)) {
            return defaults;
        }
        String text = read(variables);
        Matcher variable = Pattern.compile("variable \"([^\"]+)\"\\s*\\{").matcher(text);
        while (variable.find()) {
            String body = block(text.substring(variable.start()), "variable \"" + Pattern.quote(variable.group(1)) + "\"");
            String value = arguments(body).get("default");
            if (value != null) {
                defaults.put(variable.group(1), value);
            }
        }
        return defaults;
    }

    /** The top-level {@code name = value} arguments of a block's body (nested blocks and multi-line values skipped). */
    private static Map<String, String> arguments(String body) {
        Map<String, String> arguments = new LinkedHashMap<>();
        int depth = 0;
        for (String line : body.split("\n")) {
            String trimmed = line.strip();
            if (depth == 0) {
                Matcher argument = Pattern.compile("^(\\w+)\\s*=\\s*(.+)$").matcher(trimmed);
                if (argument.matches()) {
                    arguments.put(argument.group(1), argument.group(2).strip());
                }
            }
            for (char c : trimmed.toCharArray()) {
                if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ')' || c == ']') {
                    depth--;
                }
            }
        }
        return arguments;
    }

    /** The body of the first block whose header matches (a regular expression), between its braces. */
    private static String block(String text, String header) {
        List<String> found = blocks(text, header);
        assertThat(found).as("a block " + header).isNotEmpty();
        return found.get(0);
    }

    private static List<String> blocks(String text, String header) {
        List<String> bodies = new ArrayList<>();
        Matcher start = Pattern.compile("(?m)^" + header + "\\s*\\{").matcher(text);
        while (start.find()) {
            int depth = 1;
            int i = start.end();
            while (depth > 0 && i < text.length()) {
                char c = text.charAt(i++);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            bodies.add(text.substring(start.end(), i - 1));
        }
        return bodies;
    }

    /** {@code infra/modules} of this checkout, found from the module's folder up. */
    private static Path infraModules() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path modules = folder.resolve("infra/modules");
            if (Files.isRegularFile(modules.resolve("queue/main.tf"))) {
                return modules;
            }
        }
        throw new IllegalStateException("infra/modules/queue/main.tf not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
