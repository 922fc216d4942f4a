package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.TaskTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.report.service.TaskFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads wangge.task for the roll-ups: every task state, key-work items with their phases, and supervisions opened
 * or turned red; {@link TaskFacts} decides what they count. Each task event carries the task's full state and
 * version, so the inbox need not claim their ids ({@link Inbox.Consumer#versioned}).
 */
@ApplicationScoped
public class TaskEventsConsumer {

    static final Set<String> TYPES = Stream.concat(TaskTopic.TASK_STATES.stream(),
            Stream.of(TaskTopic.KEY_WORK_DISPATCHED, TaskTopic.SUPERVISION_OPENED, TaskTopic.SUPERVISION_TURNED_RED))
            .collect(Collectors.toUnmodifiableSet());

    @Inject
    Inbox inbox;

    @Inject
    TaskFacts facts;

    private final Inbox.Consumer consumer = Inbox.Consumer.versioned("report-service.task", TYPES, this::apply);

    @Incoming("task")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        List<TaskTopic.TaskState> states = new ArrayList<>(events.size());
        List<TaskTopic.KeyWorkDispatched> dispatched = new ArrayList<>();
        List<TaskTopic.SupervisionState> supervisions = new ArrayList<>();
        for (InboundEvent event : events) {
            switch (event.type()) {
                case TaskTopic.KEY_WORK_DISPATCHED -> dispatched.add(event.as(TaskTopic.KeyWorkDispatched.class));
                case TaskTopic.SUPERVISION_OPENED, TaskTopic.SUPERVISION_TURNED_RED ->
                        supervisions.add(event.as(TaskTopic.SupervisionState.class));
                default -> states.add(event.as(TaskTopic.TaskState.class));
            }
        }
        facts.apply(new TaskFacts.Arrived(states, dispatched, supervisions));
    }
}
