package io.wangge.points.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.tracing.Traces;
import io.wangge.points.LedgerEntry;
import io.wangge.points.Member;
import io.wangge.points.PointRule;
import io.wangge.points.PointsPeriod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.wangge.platform.events.types.PointsTopic.POINTS_AWARDED;
import static io.wangge.platform.events.types.PointsTopic.POINTS_REVERSED;

/**
 * The append-only points ledger. Points come from the rule version in force on the day the deed happened, within
 * the rule's cap for its period; (rule, source) is unique, so nothing earns twice. Corrections are reversing
 * entries. Every entry is published on wangge.points.
 *
 * <p>Deeds are earned a batch at a time: one lookup of the members and one of their places for the whole batch,
 * rules from memory, caps kept by an atomic counter per member, rule and window ({@code ledger_cap}, row-locked,
 * so several consumer instances keep them exact), the entries written by one statement, the member totals per
 * month, quarter and year the leaderboards read ({@code member_period_total}) bumped by one more, and the events
 * recorded together.
 */
@ApplicationScoped
public class Ledger {

    @Inject
    RuleService rules;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GridReadModel grid;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /**
     * A deed that may earn points under a rule: of a person, or (person null) of the person holding a login, as
     * report events name their author.
     */
    public record Deed(UUID personId, String ruleCode, int units, Integer fixedPoints, String sourceKey,
                       String sourceEvent, UUID awardId, LocalDate occurredOn, String reason, String actor,
                       String accountId) {

        public Deed(UUID personId, String ruleCode, int units, Integer fixedPoints, String sourceKey,
                    String sourceEvent, UUID awardId, LocalDate occurredOn, String reason, String actor) {
            this(personId, ruleCode, units, fixedPoints, sourceKey, sourceEvent, awardId, occurredOn, reason, actor,
                    null);
        }

        /** The same deed of the person holding this login. */
        public Deed byAccount(String account) {
            return new Deed(null, ruleCode, units, fixedPoints, sourceKey, sourceEvent, awardId, occurredOn, reason,
                    actor, account);
        }

        Deed of(UUID person) {
            return new Deed(person, ruleCode, units, fixedPoints, sourceKey, sourceEvent, awardId, occurredOn, reason,
                    actor, null);
        }
    }

    /** Records what the deed earns, if anything (see {@link #earnAll}). */
    public Optional<LedgerEntry> earn(Deed deed) {
        List<LedgerEntry> entries = earnAll(List.of(deed));
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    /**
     * Records what each deed earns, in order: nothing for non-members, duplicates or an exhausted cap. The deed of
     * a person (or login) not known yet waits in {@code pending_deed} until their event arrives ({@link #settle}).
     * Returns the entries written.
     */
    public List<LedgerEntry> earnAll(List<Deed> deeds) {
        if (deeds.isEmpty()) {
            return List.of();
        }
        Map<String, UUID> byAccount = personsByAccount(deeds);
        List<Deed> resolved = new ArrayList<>(deeds.size());
        List<Deed> waiting = new ArrayList<>();
        for (Deed deed : deeds) {
            UUID person = deed.personId() != null ? deed.personId() : byAccount.get(deed.accountId());
            if (person == null) {
                waiting.add(deed);
            } else {
                resolved.add(deed.of(person));
            }
        }
        Map<UUID, Member> members = members(resolved);
        Map<UUID, String> places = places(members.keySet());
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Earning> earnings = new ArrayList<>(resolved.size());
        for (Deed deed : resolved) {
            Member member = members.get(deed.personId());
            if (member == null) {
                waiting.add(deed);
                continue;
            }
            if (!member.partyMember) {
                continue;
            }
            PointRule rule = rule(deed.ruleCode(), deed.occurredOn());
            if (rule == null) {
                continue;
            }
            int points = deed.fixedPoints() != null ? deed.fixedPoints() : rule.points * deed.units();
            if (points == 0) {
                continue;
            }
            Cap cap = rule.capPeriod != null && rule.capPoints != null && points > 0
                    ? new Cap(deed.personId(), rule.code, rule.capPeriod, windowStart(rule.capPeriod, deed.occurredOn()))
                    : null;
            earnings.add(new Earning(deed, member, rule, points, cap));
        }
        // the batch's cap counters, locked at once in one order: what they still allow is handed out in the deeds'
        // order, and two instances earning for the same members wait for each other instead of deadlocking
        Map<Cap, Integer> used = lockCaps(earnings.stream().map(Earning::cap).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        List<LedgerEntry> candidates = new ArrayList<>(earnings.size());
        Map<UUID, Cap> capped = new HashMap<>();
        for (Earning earning : earnings) {
            int points = earning.points();
            if (earning.cap() != null) {
                points = Math.min(points, earning.rule().capPoints - used.get(earning.cap()));
                if (points <= 0) {
                    continue; // the cap for this period is reached
                }
                used.merge(earning.cap(), points, Integer::sum);
            }
            Deed deed = earning.deed();
            LedgerEntry entry = entry(earning.member(), places.get(earning.member().personId), points,
                    earning.rule().code, earning.rule().ruleVersion, deed.sourceKey(), deed.sourceEvent(),
                    deed.awardId(), null, deed.occurredOn(), deed.reason(), deed.actor(), now);
            candidates.add(entry);
            if (earning.cap() != null) {
                capped.put(entry.id, earning.cap());
            }
        }
        park(waiting);
        Set<UUID> inserted = insert(candidates);
        List<LedgerEntry> written = new ArrayList<>(inserted.size());
        Map<Cap, Integer> taken = new java.util.TreeMap<>();
        for (LedgerEntry entry : candidates) {
            if (inserted.contains(entry.id)) {
                written.add(entry);
                if (capped.containsKey(entry.id)) {
                    taken.merge(capped.get(entry.id), entry.points, Integer::sum);
                }
            }
        }
        addToCaps(taken);
        count(written);
        List<OutgoingEvent> events = new ArrayList<>(written.size());
        for (LedgerEntry entry : written) {
            events.add(event(POINTS_AWARDED, entry, members.get(entry.personId)));
        }
        outbox.recordAll(events);
        return written;
    }

    /** Earns the deeds that waited for this person (now known, with this login if any), once each. */
    public void settle(UUID personId, String accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> waiting = entityManager.createNativeQuery("""
                        DELETE FROM pending_deed WHERE person_id = ?1 OR (person_id IS NULL AND account_id = ?2)
                        RETURNING CAST(deed AS text), traceparent""")
                .setParameter(1, personId).setParameter(2, accountId).getResultList();
        List<Deed> deeds = new ArrayList<>(waiting.size());
        Map<String, String> traces = new HashMap<>();
        for (Object[] row : waiting) {
            try {
                Deed deed = json.readValue((String) row[0], Deed.class).of(personId);
                deeds.add(deed);
                if (deed.sourceEvent() != null && row[1] != null) {
                    traces.put(deed.sourceEvent(), (String) row[1]);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable pending deed of " + personId, e);
            }
        }
        try {
            // each entry in the trace of the event that earned it, not of the person's arrival
            Traces.withBatch(traces, () -> earnAll(deeds));
        } catch (Exception e) {
            throw e instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e);
        }
    }

    /** Reverses an entry once, with a reason; the original stays. */
    public LedgerEntry reverse(UUID entryId, String reason, String actor) {
        LedgerEntry original = LedgerEntry.findById(entryId);
        if (original == null) {
            throw ProblemException.notFound("积分记录", entryId);
        }
        if (original.reversesId != null) {
            throw ProblemException.conflict("冲正记录不能再冲正 a reversing entry cannot be reversed");
        }
        Member member = Member.findById(original.personId);
        // booked on the original's day, so the period the deed belongs to shows the corrected total
        LedgerEntry reversal = entry(member, original.nodePath, -original.points, original.ruleCode,
                original.ruleVersion, "reversal:" + original.id, null, original.awardId, original.id,
                original.occurredOn, reason, actor, OffsetDateTime.now(clock));
        if (insert(List.of(reversal)).isEmpty()) {
            throw ProblemException.conflict("该记录已冲正 this entry is already reversed");
        }
        PointRule rule = rule(original.ruleCode, original.occurredOn);
        if (rule != null && rule.capPeriod != null && original.points > 0) {
            // the reversed points go back to the cap they were taken from
            addToCaps(Map.of(new Cap(original.personId, rule.code, rule.capPeriod,
                    windowStart(rule.capPeriod, original.occurredOn)), -original.points));
        }
        count(List.of(reversal));
        outbox.record(event(POINTS_REVERSED, reversal, member));
        return reversal;
    }

    /**
     * Reverses every entry earned under these sources that is not reversed yet, and drops the deeds of them still
     * waiting for their person: what a withdrawn piece of work earned no longer counts.
     */
    public void reverseSources(List<String> sourceKeys, String reason, String actor) {
        if (sourceKeys.isEmpty()) {
            return;
        }
        String[] keys = sourceKeys.toArray(String[]::new);
        entityManager.createNativeQuery("DELETE FROM pending_deed WHERE source_key = ANY (CAST(?1 AS text[]))")
                .setParameter(1, keys).executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> standing = entityManager.createNativeQuery("""
                        SELECT e.id FROM ledger_entry e
                         WHERE e.source_key = ANY (CAST(?1 AS text[])) AND e.reverses_id IS NULL
                           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
                         ORDER BY e.id""")
                .setParameter(1, keys).getResultList();
        for (UUID entry : standing) {
            reverse(entry, reason, actor);
        }
    }

    public List<LedgerEntry> entries(UUID personId, LocalDate from, LocalDate to, int page, int size) {
        return LedgerEntry.find("personId = ?1 AND occurredOn BETWEEN ?2 AND ?3 ORDER BY occurredOn DESC, createdAt"
                        + " DESC, id", personId, from, to).page(page, size).list();
    }

    private PointRule rule(String code, LocalDate day) {
        return rules.inForce(day).stream().filter(r -> r.code.equals(code)).findFirst().orElse(null);
    }

    /** The persons holding the logins the account-based deeds name, in one query. */
    private Map<String, UUID> personsByAccount(List<Deed> deeds) {
        Set<String> accounts = new HashSet<>();
        deeds.stream().filter(d -> d.personId() == null && d.accountId() != null).forEach(d -> accounts.add(
                d.accountId()));
        Map<String, UUID> persons = new HashMap<>();
        for (Member member : readMembers("account_id = ANY(?)", "varchar", accounts)) {
            persons.put(member.accountId, member.personId);
        }
        return persons;
    }

    private Map<UUID, Member> members(List<Deed> deeds) {
        Set<UUID> ids = new HashSet<>();
        deeds.forEach(d -> ids.add(d.personId()));
        Map<UUID, Member> members = new HashMap<>();
        for (Member member : readMembers("person_id = ANY(?)", "uuid", ids)) {
            members.put(member.personId, member);
        }
        return members;
    }

    /**
     * Members read for a batch in one plain query: the ledger only reads them, so they are not loaded into the
     * persistence context (hydrating and dirty-checking hundreds of entities per batch cost more than the insert).
     */
    private List<Member> readMembers(String where, String keyType, Set<?> keys) {
        List<Member> found = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT person_id, account_id, name,"
                     + " party_member, branch, status, version, branch_id, branch_node_id FROM member WHERE "
                     + where)) {
            select.setArray(1, connection.createArrayOf(keyType, keys.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Member member = new Member();
                    member.personId = rs.getObject(1, UUID.class);
                    member.accountId = rs.getString(2);
                    member.name = rs.getString(3);
                    member.partyMember = rs.getBoolean(4);
                    member.branch = rs.getString(5);
                    member.status = rs.getString(6);
                    member.version = rs.getLong(7);
                    member.branchId = rs.getObject(8, UUID.class);
                    member.branchNodeId = rs.getObject(9, UUID.class);
                    found.add(member);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the members of a batch", e);
        }
        return found;
    }

    /** A member's place: the most specific node they are assigned to, or null. */
    String place(UUID personId) {
        return places(Set.of(personId)).get(personId);
    }

    /** Each member's place, from the grid read model in one query. */
    private Map<UUID, String> places(Set<UUID> persons) {
        Map<UUID, String> places = new HashMap<>();
        grid.places(persons).forEach((person, path) -> places.put(person, path.value()));
        return places;
    }

    /** A rule's cap counter of one member and window. */
    private record Cap(UUID personId, String ruleCode, PointRule.CapPeriod capPeriod, LocalDate window)
            implements Comparable<Cap> {

        @Override
        public int compareTo(Cap other) {
            return java.util.Comparator.comparing(Cap::personId).thenComparing(Cap::ruleCode)
                    .thenComparing(Cap::capPeriod).thenComparing(Cap::window).compare(this, other);
        }
    }

    /** A deed that earns, before its cap is applied. */
    private record Earning(Deed deed, Member member, PointRule rule, int points, Cap cap) {
    }

    private static final String CAPS = "unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]),"
            + " CAST(? AS date[])) AS c(person_id, rule_code, cap_period, window_start)";

    /**
     * The points each cap counter has handed out, its row created if new and locked until the transaction ends, in
     * the caps' order (sorted), so that instances locking overlapping caps never wait for each other in a circle.
     */
    private Map<Cap, Integer> lockCaps(java.util.SortedSet<Cap> caps) {
        Map<Cap, Integer> used = new HashMap<>();
        if (caps.isEmpty()) {
            return used;
        }
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement create = connection.prepareStatement("""
                    INSERT INTO ledger_cap (person_id, rule_code, cap_period, window_start, points)
                    SELECT c.person_id, c.rule_code, c.cap_period, c.window_start, 0 FROM %s
                    ON CONFLICT DO NOTHING""".formatted(CAPS))) {
                bindCaps(connection, create, caps);
                create.executeUpdate();
            }
            try (PreparedStatement lock = connection.prepareStatement("""
                    SELECT l.person_id, l.rule_code, l.cap_period, l.window_start, l.points
                      FROM ledger_cap l JOIN %s USING (person_id, rule_code, cap_period, window_start)
                     ORDER BY l.person_id, l.rule_code, l.cap_period, l.window_start
                       FOR UPDATE OF l""".formatted(CAPS))) {
                bindCaps(connection, lock, caps);
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        used.put(new Cap(rs.getObject(1, UUID.class), rs.getString(2),
                                PointRule.CapPeriod.valueOf(rs.getString(3)), rs.getDate(4).toLocalDate()),
                                rs.getInt(5));
                    }
                }
            }
            return used;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the caps of " + caps.size() + " counters", e);
        }
    }

    /** Adds what entries took (or, negative, gave back) to their cap counters, in one statement. */
    private void addToCaps(Map<Cap, Integer> taken) {
        if (taken.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE ledger_cap l SET points = l.points + t.points
                       FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS date[]),
                                   CAST(? AS int[])) AS t(person_id, rule_code, cap_period, window_start, points)
                      WHERE l.person_id = t.person_id AND l.rule_code = t.rule_code
                        AND l.cap_period = t.cap_period AND l.window_start = t.window_start""")) {
            bindCaps(connection, update, taken.keySet());
            update.setArray(5, connection.createArrayOf("int", taken.values().toArray()));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the caps of " + taken.size() + " counters", e);
        }
    }

    private static void bindCaps(Connection connection, PreparedStatement statement, java.util.Collection<Cap> caps)
            throws SQLException {
        statement.setArray(1, connection.createArrayOf("uuid", caps.stream().map(Cap::personId).toArray()));
        statement.setArray(2, connection.createArrayOf("text", caps.stream().map(Cap::ruleCode).toArray()));
        statement.setArray(3, connection.createArrayOf("text",
                caps.stream().map(c -> c.capPeriod().name()).toArray()));
        statement.setArray(4, connection.createArrayOf("date",
                caps.stream().map(c -> Date.valueOf(c.window())).toArray()));
    }

    /** Keeps deeds of people not known yet: by person id, or (person id null) by login. */
    private void park(List<Deed> deeds) {
        if (deeds.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO pending_deed (id, person_id, account_id, rule_code, source_key, deed, parked_at,
                                               traceparent)
                     VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?) ON CONFLICT DO NOTHING""")) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (Deed deed : deeds) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, deed.personId());
                insert.setString(3, deed.personId() == null ? deed.accountId() : null);
                insert.setString(4, deed.ruleCode());
                insert.setString(5, deed.sourceKey());
                insert.setString(6, json.writeValueAsString(deed));
                insert.setObject(7, now);
                insert.setString(8, Traces.ofEvent(deed.sourceEvent()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot keep deeds for people not known yet", e);
        }
    }

    private static LedgerEntry entry(Member member, String place, int points, String ruleCode, int ruleVersion,
                                     String sourceKey, String sourceEvent, UUID awardId, UUID reverses,
                                     LocalDate occurredOn, String reason, String actor, OffsetDateTime now) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.personId = member.personId;
        entry.branch = member.branch;
        entry.nodePath = place;
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
        entry.createdAt = now;
        return entry;
    }

    /**
     * Writes the entries in one statement; (rule, source) already earned is skipped. Returns the ids written.
     */
    private Set<UUID> insert(List<LedgerEntry> entries) {
        Set<UUID> written = new HashSet<>();
        if (entries.isEmpty()) {
            return written;
        }
        int n = entries.size();
        Object[][] columns = new Object[13][n];
        Date[] days = new Date[n];
        OffsetDateTime createdAt = entries.get(0).createdAt;
        for (int i = 0; i < n; i++) {
            LedgerEntry e = entries.get(i);
            columns[0][i] = e.id;
            columns[1][i] = e.personId;
            columns[2][i] = e.branch;
            columns[3][i] = e.nodePath;
            columns[4][i] = e.points;
            columns[5][i] = e.ruleCode;
            columns[6][i] = e.ruleVersion;
            columns[7][i] = e.sourceKey;
            columns[8][i] = e.sourceEvent;
            columns[9][i] = e.awardId;
            columns[10][i] = e.reversesId;
            columns[11][i] = e.reason;
            columns[12][i] = e.createdBy;
            days[i] = Date.valueOf(e.occurredOn);
        }
        String[] types = {"uuid", "uuid", "varchar", "varchar", "int4", "varchar", "int4", "varchar", "varchar",
            "uuid", "uuid", "varchar", "varchar"};
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO ledger_entry (created_at, id, person_id, branch, node_path, points, rule_code,
                         rule_version, source_key, source_event, award_id, reverses_id, reason, created_by, occurred_on)
                     SELECT ?, u.* FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         AS u(id, person_id, branch, node_path, points, rule_code, rule_version, source_key,
                              source_event, award_id, reverses_id, reason, created_by, occurred_on)
                     ON CONFLICT (rule_code, source_key) DO NOTHING
                     RETURNING id""")) {
            insert.setObject(1, createdAt);
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(2 + c, connection.createArrayOf(types[c], columns[c]));
            }
            insert.setArray(2 + columns.length, connection.createArrayOf("date", days));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write ledger entries", e);
        }
        return written;
    }

    /**
     * Adds the entries to their members' totals of the month, quarter and year they belong to (the leaderboards read
     * these), in one statement.
     */
    private void count(List<LedgerEntry> entries) {
        Map<List<Object>, Long> totals = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            for (String period : PointsPeriod.idsHolding(e.occurredOn)) {
                totals.merge(List.of(period, e.personId), (long) e.points, Long::sum);
            }
        }
        if (totals.isEmpty()) {
            return;
        }
        String[] periods = new String[totals.size()];
        UUID[] persons = new UUID[totals.size()];
        Long[] points = new Long[totals.size()];
        int i = 0;
        for (Map.Entry<List<Object>, Long> total : totals.entrySet()) {
            periods[i] = (String) total.getKey().get(0);
            persons[i] = (UUID) total.getKey().get(1);
            points[i++] = total.getValue();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO member_period_total (period, person_id, points)
                     SELECT * FROM unnest(?, ?, ?)
                     ON CONFLICT (period, person_id) DO UPDATE SET points = member_period_total.points + EXCLUDED.points
                     """)) {
            upsert.setArray(1, connection.createArrayOf("varchar", periods));
            upsert.setArray(2, connection.createArrayOf("uuid", persons));
            upsert.setArray(3, connection.createArrayOf("int8", points));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the members' period totals", e);
        }
    }

    private static OutgoingEvent event(String type, LedgerEntry entry, Member member) {
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
        // in the trace of the event that earned it, when that event is being handled now
        return OutgoingEvent.of(type, entry.personId, data).inTrace(Traces.ofEvent(entry.sourceEvent));
    }

    /** The first day of the cap window (day, Monday-to-Sunday week, month, year) that holds the day. */
    static LocalDate windowStart(PointRule.CapPeriod period, LocalDate day) {
        return switch (period) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case YEAR -> day.withDayOfYear(1);
        };
    }
}
