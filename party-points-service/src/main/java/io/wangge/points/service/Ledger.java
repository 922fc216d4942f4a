package io.wangge.points.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.ProblemException;
import io.wangge.points.LedgerEntry;
import io.wangge.points.Member;
import io.wangge.points.PointRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The append-only points ledger. Points come from the rule version in force on the day the deed happened, within
 * the rule's cap for its period; (rule, source) is unique, so nothing earns twice. Corrections are reversing
 * entries. Every entry is published on wangge.points.
 */
@ApplicationScoped
public class Ledger {

    public static final String AWARDED = "wangge.points.awarded.v1";
    public static final String REVERSED = "wangge.points.reversed.v1";

    @Inject
    RuleService rules;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /** A deed that may earn points under a rule. */
    public record Deed(UUID personId, String ruleCode, int units, Integer fixedPoints, String sourceKey,
                       String sourceEvent, UUID awardId, LocalDate occurredOn, String reason, String actor) {

        Deed of(UUID person) {
            return new Deed(person, ruleCode, units, fixedPoints, sourceKey, sourceEvent, awardId, occurredOn, reason,
                    actor);
        }
    }

    /**
     * Records what the deed earns, if anything: none for non-members, duplicates, or an exhausted cap. The deed of
     * a person not known yet waits in {@code pending_deed} until their event arrives ({@link #settle}).
     */
    public Optional<LedgerEntry> earn(Deed deed) {
        Member member = Member.findById(deed.personId());
        if (member == null) {
            park(deed, null);
            return Optional.empty();
        }
        if (!member.partyMember) {
            return Optional.empty();
        }
        PointRule rule = rules.inForce(deed.occurredOn()).stream()
                .filter(r -> r.code.equals(deed.ruleCode())).findFirst().orElse(null);
        if (rule == null) {
            return Optional.empty();
        }
        int points = deed.fixedPoints() != null ? deed.fixedPoints() : rule.points * deed.units();
        if (points == 0) {
            return Optional.empty();
        }
        if (rule.capPeriod != null && rule.capPoints != null && points > 0) {
            LocalDate[] window = window(rule.capPeriod, deed.occurredOn());
            Number earned = (Number) entityManager.createNativeQuery("""
                            SELECT COALESCE(SUM(points), 0) FROM ledger_entry
                             WHERE person_id = ?1 AND rule_code = ?2 AND occurred_on BETWEEN ?3 AND ?4""")
                    .setParameter(1, deed.personId()).setParameter(2, rule.code)
                    .setParameter(3, window[0]).setParameter(4, window[1]).getSingleResult();
            points = Math.min(points, rule.capPoints - earned.intValue());
            if (points <= 0) {
                return Optional.empty(); // the cap for this period is reached
            }
        }
        LedgerEntry entry = entry(member, points, rule.code, rule.ruleVersion, deed.sourceKey(), deed.sourceEvent(),
                deed.awardId(), null, deed.occurredOn(), deed.reason(), deed.actor());
        if (!insert(entry)) {
            return Optional.empty();
        }
        publish(AWARDED, entry, member);
        return Optional.of(entry);
    }

    /**
     * Earns what the deed of this login's person earns; if no person has that login yet, the deed waits for them
     * (report events name the author's account, not their person).
     */
    public void earnByAccount(String accountId, Deed deed) {
        Member member = Member.find("accountId", accountId).firstResult();
        if (member == null) {
            park(deed, accountId);
        } else {
            earn(deed.of(member.personId));
        }
    }

    /** Earns the deeds that waited for this person (now known, with this login if any), once each. */
    public void settle(UUID personId, String accountId) {
        @SuppressWarnings("unchecked")
        List<String> deeds = entityManager.createNativeQuery("""
                        DELETE FROM pending_deed WHERE person_id = ?1 OR (person_id IS NULL AND account_id = ?2)
                        RETURNING CAST(deed AS text)""")
                .setParameter(1, personId).setParameter(2, accountId).getResultList();
        for (String deed : deeds) {
            try {
                earn(json.readValue(deed, Deed.class).of(personId));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable pending deed of " + personId, e);
            }
        }
    }

    /** Keeps a deed for a person not known yet: by person id, or (person id null) by login. */
    private void park(Deed deed, String accountId) {
        try {
            entityManager.createNativeQuery("""
                            INSERT INTO pending_deed (id, person_id, account_id, rule_code, source_key, deed, parked_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), ?7) ON CONFLICT DO NOTHING""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, deed.personId())
                    .setParameter(3, accountId).setParameter(4, deed.ruleCode()).setParameter(5, deed.sourceKey())
                    .setParameter(6, json.writeValueAsString(deed)).setParameter(7, OffsetDateTime.now(clock))
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reverses an entry once, with a reason; the original stays. The reversal is booked on the original's day, so
     * the period the deed belongs to shows the corrected total (the entry's {@code createdAt} says when).
     */
    public LedgerEntry reverse(UUID entryId, String reason, String actor) {
        LedgerEntry original = LedgerEntry.findById(entryId);
        if (original == null) {
            throw ProblemException.notFound("积分记录", entryId);
        }
        if (original.reversesId != null) {
            throw ProblemException.conflict("冲正记录不能再冲正 a reversing entry cannot be reversed");
        }
        Member member = Member.findById(original.personId);
        LedgerEntry reversal = entry(member, -original.points, original.ruleCode, original.ruleVersion,
                "reversal:" + original.id, null, original.awardId, original.id, original.occurredOn,
                reason, actor);
        if (!insert(reversal)) {
            throw ProblemException.conflict("该记录已冲正 this entry is already reversed");
        }
        publish(REVERSED, reversal, member);
        return reversal;
    }

    public List<LedgerEntry> entries(UUID personId, LocalDate from, LocalDate to, int page, int size) {
        return LedgerEntry.find("personId = ?1 AND occurredOn BETWEEN ?2 AND ?3 ORDER BY occurredOn DESC, createdAt"
                        + " DESC, id", personId, from, to).page(page, size).list();
    }

    private LedgerEntry entry(Member member, int points, String ruleCode, int ruleVersion, String sourceKey,
                              String sourceEvent, UUID awardId, UUID reverses, LocalDate occurredOn, String reason,
                              String actor) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.personId = member.personId;
        entry.branch = member.branch;
        entry.nodePath = place(member.personId);
        entry.points = points;
        entry.ruleCode = ruleCode;
        entry.ruleVersion = ruleVersion;
        entry.sourceKey = sourceKey;
        entry.sourceEvent = sourceEvent;
        entry.awardId = awardId;
        entry.reversesId = reverses;
        entry.occurredOn = occurredOn;
        entry.reason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        entry.createdBy = actor;
        entry.createdAt = OffsetDateTime.now(clock);
        return entry;
    }

    /** Insert-first on (rule, source): false if that source already earned under the rule. */
    private boolean insert(LedgerEntry e) {
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO ledger_entry (id, person_id, branch, node_path, points, rule_code, rule_version,
                            source_key, source_event, award_id, reverses_id, occurred_on, reason, created_by,
                            created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                        ON CONFLICT (rule_code, source_key) DO NOTHING""")
                .setParameter(1, e.id).setParameter(2, e.personId).setParameter(3, e.branch)
                .setParameter(4, e.nodePath).setParameter(5, e.points).setParameter(6, e.ruleCode)
                .setParameter(7, e.ruleVersion).setParameter(8, e.sourceKey).setParameter(9, e.sourceEvent)
                .setParameter(10, e.awardId).setParameter(11, e.reversesId).setParameter(12, e.occurredOn)
                .setParameter(13, e.reason).setParameter(14, e.createdBy).setParameter(15, e.createdAt)
                .executeUpdate();
        return inserted == 1;
    }

    /** A member's place: the most specific node they are assigned to. */
    String place(UUID personId) {
        @SuppressWarnings("unchecked")
        List<String> paths = entityManager.createNativeQuery("""
                        SELECT node_path FROM assignment_view WHERE person_id = ?1 AND status = 'ACTIVE'
                         ORDER BY length(node_path) DESC, node_path LIMIT 1""")
                .setParameter(1, personId).getResultList();
        return paths.isEmpty() ? null : paths.get(0);
    }

    private void publish(String type, LedgerEntry entry, Member member) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entryId", entry.id);
        data.put("personId", entry.personId);
        data.put("accountId", member == null ? null : member.accountId);
        data.put("branch", entry.branch);
        data.put("points", entry.points);
        data.put("rule", entry.ruleCode);
        data.put("ruleVersion", entry.ruleVersion);
        data.put("source", entry.sourceKey);
        data.put("sourceEventId", entry.sourceEvent);
        data.put("reversesEntryId", entry.reversesId);
        data.put("occurredOn", entry.occurredOn.toString());
        data.put("reason", entry.reason);
        data.put("actor", entry.createdBy);
        data.put("occurredAt", EventTime.format(entry.createdAt));
        outbox.record(OutgoingEvent.of(type, entry.personId, data));
    }

    static LocalDate[] window(PointRule.CapPeriod period, LocalDate day) {
        return switch (period) {
            case DAY -> new LocalDate[] {day, day};
            case WEEK -> new LocalDate[] {day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    day.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))};
            case MONTH -> new LocalDate[] {day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth())};
            case YEAR -> new LocalDate[] {day.withDayOfYear(1), day.with(TemporalAdjusters.lastDayOfYear())};
        };
    }
}
