package io.athenalake.query.messaging;

import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.QueuePoller;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;

/** Starts a poller for every configured {@link QueueSubscription} with the application and stops them with it. */
@ApplicationScoped
public class QueueConsumers {

    private final List<QueuePoller> pollers = new ArrayList<>();

    void start(@Observes StartupEvent ignored, SqsClient sqs, QueryServiceConfig config,
               Instance<QueueSubscription> subscriptions) {
        QueryServiceConfig.Queues queues = config.queues();
        if (!queues.consume()) {
            return;
        }
        for (QueueSubscription subscription : subscriptions) {
            subscription.queueUrl(queues).ifPresent(url -> pollers.add(new QueuePoller(sqs, new QueuePoller.Settings(
                    subscription.name(), url, subscription.deadLetterQueueUrl(queues), subscription.workers(queues),
                    queues.visibilityTimeout(), queues.waitTime()), subscription::handle)));
        }
        pollers.forEach(QueuePoller::start);
    }

    void stop(@Observes ShutdownEvent ignored) {
        pollers.forEach(QueuePoller::stop);
        pollers.clear();
    }
}
