package io.athenalake.export.support;

import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.athenalake.export.support.TestAws.SQS;

/**
 * Moves the events a scenario cares about (bodies naming one of its snapshots or its crawler) from
 * the stack's shared {@code rds-events} queue to the scenario's own, as an EventBridge rule per
 * scenario would. One forwarder for the test JVM, polling gently: an event not yet claimed by any
 * scenario (its snapshot ARN is registered right after the snapshot call returns) is left on the
 * shared queue for the next poll.
 */
public final class EventForwarder implements Runnable {

    // Every Quarkus test application loads this class again; the routes and the one polling thread are
    // shared through system properties (java.* objects), so the newest forwarder takes over from the older
    // ones instead of polling beside them (each poll counts as a receive towards the shared queue's DLQ).
    @SuppressWarnings("unchecked")
    private static final Map<String, String> ROUTES = (Map<String, String>) System.getProperties()
            .computeIfAbsent("export-service.forwarder.routes", k -> new ConcurrentHashMap<String, String>());
    private static final AtomicLong GENERATION = (AtomicLong) System.getProperties()
            .computeIfAbsent("export-service.forwarder.generation", k -> new AtomicLong());
    private static final EventForwarder INSTANCE = new EventForwarder();

    private final long generation = GENERATION.incrementAndGet();

    private EventForwarder() {
        Thread thread = new Thread(this, "event-forwarder-" + generation);
        thread.setDaemon(true);
        thread.start();
    }

    /** Events whose body names {@code marker} (a snapshot ARN, a crawler name) go to {@code queueUrl}. */
    public static void route(String marker, String queueUrl) {
        ROUTES.put("\"" + marker + "\"", queueUrl);
        INSTANCE.hashCode(); // started
    }

    @Override
    public void run() {
        String from = TestAws.stack().queueUrls().get("rds-events");
        while (GENERATION.get() == generation) {
            try {
                for (Message message : SQS.receiveMessage(b -> b.queueUrl(from).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(0)).messages()) {
                    ROUTES.entrySet().stream().filter(r -> message.body().contains(r.getKey())).findFirst().ifPresent(r -> {
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
