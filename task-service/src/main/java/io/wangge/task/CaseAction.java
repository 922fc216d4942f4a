package io.wangge.task;

import java.util.EnumSet;
import java.util.Set;

/** The steps of a case: 立案, 不予立案, 派遣, 处置, 核查, 退回, 结案, 上报, 重新办理. */
public enum CaseAction {
    REGISTER(EnumSet.of(CaseStatus.REPORTED, CaseStatus.ESCALATED), CaseStatus.REGISTERED),
    REJECT(EnumSet.of(CaseStatus.REPORTED, CaseStatus.ESCALATED), CaseStatus.NOT_RESPONSIBLE),
    DISPATCH(EnumSet.of(CaseStatus.REGISTERED, CaseStatus.RETURNED), CaseStatus.DISPATCHED),
    HANDLE(EnumSet.of(CaseStatus.DISPATCHED), CaseStatus.HANDLED),
    VERIFY(EnumSet.of(CaseStatus.HANDLED), CaseStatus.VERIFIED),
    RETURN(EnumSet.of(CaseStatus.HANDLED), CaseStatus.RETURNED),
    CLOSE(EnumSet.of(CaseStatus.VERIFIED), CaseStatus.CLOSED),
    ESCALATE(EnumSet.of(CaseStatus.REPORTED, CaseStatus.REGISTERED, CaseStatus.DISPATCHED), CaseStatus.ESCALATED),
    REOPEN(EnumSet.of(CaseStatus.CLOSED, CaseStatus.NOT_RESPONSIBLE), CaseStatus.REGISTERED);

    private final Set<CaseStatus> from;
    private final CaseStatus to;

    CaseAction(Set<CaseStatus> from, CaseStatus to) {
        this.from = from;
        this.to = to;
    }

    /** The states this action may be taken from. */
    public java.util.Set<CaseStatus> from() {
        return from;
    }

    public boolean allowedFrom(CaseStatus status) {
        return from.contains(status);
    }

    public CaseStatus target() {
        return to;
    }
}
