package io.wangge.platform.security;

import io.wangge.platform.rest.ProblemException;

import java.util.Objects;

/**
 * Separation of duties, said once: nobody approves, verifies or accepts their own work. A state change that decides
 * on someone's work names the people whose work it is (its assignee, submitter, author, proposer, beneficiary);
 * if the caller is one of them, the change is refused with 403.
 */
public final class Duties {

    private Duties() {
    }

    /**
     * Refuses the caller ({@code actor}, an account id) the {@code decision} (e.g. "verify", "approve") if they are
     * one of the {@code parties} (account ids; nulls are ignored).
     */
    public static void notTheirOwn(String actor, String decision, String... parties) {
        for (String party : parties) {
            if (party != null && Objects.equals(actor, party)) {
                throw ProblemException.forbidden("不能审核、核验或审批本人的工作 nobody may " + decision
                        + " their own work");
            }
        }
    }
}
