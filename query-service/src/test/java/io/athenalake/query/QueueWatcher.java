package io.athenalake.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads what arrives on a queue the service writes to (query-results, the DLQs), keeps every message
 * for the tests of this JVM, and finds the ones a test waits for.
 */
public final class QueueWatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Message>> SEEN = new ConcurrentHashMap<>();

    private QueueWatcher() {
    }

    public static Message awaitMessage(String queueUrl, Predicate<Message> wanted) {
        return await().atMost(Duration.ofMinutes(2)).until(() -> find(queueUrl, wanted), Optional::isPresent).get();
    }

    public static JsonNode awaitJson(String queueUrl, Predicate<JsonNode> wanted) {
        return json(awaitMessage(queueUrl, message -> wanted.test(json(message))));
    }

    public static List<JsonNode> allJson(String queueUrl, Predicate<JsonNode> wanted) {
        drain(queueUrl);
        return SEEN.getOrDefault(queueUrl, List.of()).stream().map(QueueWatcher::json).filter(wanted).toList();
    }

    public static JsonNode json(Message message) {
        try {
            return JSON.readTree(message.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", message.body());
        }
    }

    private static synchronized Optional<Message> find(String queueUrl, Predicate<Message> wanted) {
        drain(queueUrl);
        return SEEN.getOrDefault(queueUrl, List.of()).stream().filter(wanted).findFirst();
    }

    private static synchronized void drain(String queueUrl) {
        SqsClient sqs = TestSupport.sqs();
        List<Message> seen = SEEN.computeIfAbsent(queueUrl, url -> new CopyOnWriteArrayList<>());
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                return;
            }
            for (Message message : messages) {
                seen.add(message);
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

}
