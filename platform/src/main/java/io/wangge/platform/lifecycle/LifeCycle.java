package io.wangge.platform.lifecycle;

import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.Problem;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.ProblemType;

import java.util.Collection;
import java.util.Map;

/**
 * The one check every step in a record's life passes before it is taken (a task accepted or verified, a case
 * registered, a report filed or accepted, an award or appeal decided, a key-work item dispatched or closed, a grid
 * node retired or moved): the caller acts on the version it read ({@code If-Match}: 428 without it, 412 when another
 * change came first), and the step is legal from the record's state (409 naming the state and the version, so a
 * client can refresh and decide). Who may take the step (role, place, {@code Duties}) each service checks itself.
 */
public final class LifeCycle {

    private LifeCycle() {
    }

    /** What is changing, named for the messages in both languages, e.g. {@code new Record("任务", "task")}. */
    public record Record(String zh, String en) {
    }

    /**
     * Checks a step of {@code record}, now in {@code state} at {@code version}, that may be taken only from the
     * states {@code from}.
     */
    public static <S> void step(Record record, S state, long version, String ifMatch, String step,
                                Collection<? extends S> from) {
        Preconditions.requireMatch(ifMatch, version);
        if (!from.contains(state)) {
            throw new ProblemException(Problem.of(ProblemType.CONFLICT, record.zh() + "当前为 " + state + "，不能执行 "
                            + step + " a " + record.en() + " that is " + state + " cannot be " + step)
                    .withCurrent(Map.of("status", state, "version", version)));
        }
    }

    /** A change that the record's state does not restrict (an edit, a move): only the version is checked. */
    public static void change(long version, String ifMatch) {
        Preconditions.requireMatch(ifMatch, version);
    }
}
