package io.athenalake.export.support;

import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.athenalake.export.support.TestAws.SQS;

/**
 * Moves the events a scenario cares about (bodies naming one of its snapshots or its crawler) from
 * the stack's shared {@code rds-events} queue to the scenario's own, as an EventBridge rule per
 * scenario would. One forwarder for the test JVM, polling gently: an event not yet claimed by any
 * scenario (its snapshot ARN is registered right after the snapshot call returns) is left on the
 * shared queue for the next poll.
 */
public final class EventForwarder implements Runnable {

    private static final EventForwarder INSTANCE = new EventForwarder();

    private final Map<String, String> routes = new ConcurrentHashMap<>();

    private EventForwarder() {
        Thread thread = new Thread(this, "event-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Events whose body names {@code marker} (a snapshot ARN, a crawler name) go to {@code queueUrl}. */
    public static void route(String marker, String queueUrl) {
        INSTANCE.routes.put("\"" + marker + "\"", queueUrl);
    }

    @Override
    public void run() {
        String from = TestAws.stack().queueUrls().get("rds-events");
        while (true) {
            try {
                for (Message message : SQS.receiveMessage(b -> b.queueUrl(from).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(0)).messages()) {
                    routes.entrySet().stream().filter(r -> message.body().contains(r.getKey())).findFirst().ifPresent(r -> {
                        SQS.sendMessage(b -> b.queueUrl(r.getValue()).messageBody(message.body()));
                        SQS.deleteMessage(b -> b.queueUrl(from).receiptHandle(message.receiptHandle()));
                    });
                }
            } catch (RuntimeException e) {
                // the stack answers again on the next poll
            }
            TestAws.sleep(700);
        }
    }
}
