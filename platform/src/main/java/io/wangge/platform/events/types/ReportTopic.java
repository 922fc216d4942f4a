package io.wangge.platform.events.types;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code wangge.report}, published by report-service: reports filed, returned and accepted up the tree. */
public final class ReportTopic {

    public static final String TOPIC = "wangge.report";
    public static final String OWNER = "/wangge/report-service";

    public static final String REPORT_FILED = "wangge.report.filed.v1";
    public static final String REPORT_RETURNED = "wangge.report.returned.v1";
    public static final String REPORT_ACCEPTED = "wangge.report.accepted.v1";
    /** A node's report of a period is not filed and its deadline is near: sent once per node and period. */
    public static final String REPORT_DUE_SOON = "wangge.report.due-soon.v1";

    /** An activity of the town's work on record (活动台账) was recorded at a node; key = activity id. */
    public static final String ACTIVITY_RECORDED = "wangge.activity.recorded.v1";
    /** An activity recorded by mistake was withdrawn: it counts no more (points earned from it are reversed). */
    public static final String ACTIVITY_WITHDRAWN = "wangge.activity.withdrawn.v1";

    /** Every report event carries the report's state after the step ({@link Report}). */
    public static final Set<String> REPORT_STATES = Set.of(REPORT_FILED, REPORT_RETURNED, REPORT_ACCEPTED);

    private ReportTopic() {
    }

    /**
     * An activity as it is now: its kind (RESEARCH_VISIT, SEMINAR, TRAINING, SUGGESTION, CONTACT_POINT,
     * PROBLEM_SOLVED), day in Asia/Shanghai, place, quantity in the kind's unit and the people of the register who
     * took part.
     */
    public record Activity(UUID activityId, String kind, String title, java.time.LocalDate heldOn, UUID nodeId,
                           String nodePath, String nodeName, int quantity, int headcount,
                           java.util.List<UUID> participantIds, String status, long version) {

        public Activity {
            participantIds = participantIds == null ? java.util.List.of() : java.util.List.copyOf(participantIds);
        }
    }

    /** The report a node has yet to file, and by when ({@code reportStatus} NONE if it has not begun one). */
    public record ReportDue(UUID nodeId, String nodeName, String nodePath, String nodeLevel, String period,
                            OffsetDateTime deadlineAt, String reportStatus) {
    }

    /** A node's report for a period; {@code activities} are its counts by key (e.g. householdVisits). */
    public record Report(UUID reportId, UUID nodeId, String nodePath, String nodeLevel, String period, String author,
                         UUID authorPersonId, String status, OffsetDateTime filedAt, Boolean onTime,
                         Map<String, Integer> activities, long version) {

        public Report {
            activities = activities == null ? Map.of() : Map.copyOf(activities);
        }

        public int activity(String key) {
            return activities.getOrDefault(key, 0);
        }
    }
}
