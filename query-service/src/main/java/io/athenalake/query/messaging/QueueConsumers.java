package io.athenalake.query.messaging;

import io.athenalake.query.config.QueryServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;

/** Starts the consumers of the configured queues with the application and stops them with it. */
@ApplicationScoped
public class QueueConsumers {

    private final List<QueuePoller> pollers = new ArrayList<>();

    void start(@Observes StartupEvent ignored, SqsClient sqs, QueryServiceConfig config,
               QueryRequestConsumer requests, LakeEventConsumer lakeEvents) {
        QueryServiceConfig.Queues queues = config.queues();
        if (!queues.consume()) {
            return;
        }
        queues.requests().ifPresent(url -> pollers.add(new QueuePoller(sqs, "query-requests", url, queues.workers(),
                queues.visibilityTimeout(), queues.waitTime(), requests::handle)));
        queues.lakeEvents().ifPresent(url -> pollers.add(new QueuePoller(sqs, "lake-events", url,
                Math.max(1, queues.workers() / 2), queues.visibilityTimeout(), queues.waitTime(), lakeEvents::handle)));
        pollers.forEach(QueuePoller::start);
    }

    void stop(@Observes ShutdownEvent ignored) {
        pollers.forEach(QueuePoller::stop);
        pollers.clear();
    }
}
