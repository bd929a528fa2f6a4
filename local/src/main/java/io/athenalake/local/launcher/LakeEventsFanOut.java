package io.athenalake.local.launcher;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays an SNS topic with SQS subscriptions for {@code lake-events}: export-service publishes to the
 * {@code lake-events} queue; every message is copied to one queue per consumer (query-service's and
 * the command line's {@code follow}) and then deleted. Without it, a second reader of {@code lake-events}
 * would take {@code CatalogRefreshed} messages away from query-service. Delivery is at least once, as
 * SNS → SQS is: a crash between the copies and the delete repeats a message, with the same message id,
 * which the consumers deduplicate.
 */
final class LakeEventsFanOut implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LakeEventsFanOut.class.getName());

    private final SqsClient sqs;
    private final String topicQueue;
    private final List<String> subscriptions;
    private final Thread thread;
    private volatile boolean running = true;

    LakeEventsFanOut(SqsClient sqs, String topicQueue, List<String> subscriptions) {
        this.sqs = sqs;
        this.topicQueue = topicQueue;
        this.subscriptions = List.copyOf(subscriptions);
        this.thread = new Thread(this::deliver, "lake-events-fan-out");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void deliver() {
        while (running) {
            try {
                for (Message message : sqs.receiveMessage(b -> b.queueUrl(topicQueue).maxNumberOfMessages(10)
                        .waitTimeSeconds(2)).messages()) {
                    for (String subscription : subscriptions) {
                        sqs.sendMessage(b -> b.queueUrl(subscription).messageBody(message.body()));
                    }
                    sqs.deleteMessage(b -> b.queueUrl(topicQueue).receiptHandle(message.receiptHandle()));
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "lake-events fan-out: " + e.getMessage() + " (retrying)");
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
