package io.wangge.report.service;

import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import io.wangge.report.config.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.time.ClockProducer;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Which period it is now and when each level must have filed for it. */
@ApplicationScoped
public class PeriodService {

    @Inject
    Clock clock;

    @Inject
    ReportConfig config;

    @Inject
    EntityManager entityManager;

    /** A week, a month, or a key-work phase ({@code phase-<id>}, known from keywork.dispatched events). */
    public Period resolve(String id) {
        if (id == null || !id.startsWith(Period.PHASE_PREFIX)) {
            return Period.parse(id);
        }
        Object[] phase = phase(id);
        return Period.phase((UUID) phase[0], ((OffsetDateTime) phase[1]).atZoneSameInstant(ClockProducer.ZONE)
                .toLocalDate(), ((OffsetDateTime) phase[2]).atZoneSameInstant(ClockProducer.ZONE).toLocalDate());
    }

    /**
     * A period as a reader calls it: a week or a month by its id, a key-work phase by its work and its name
     * (冬季安全生产隐患排查·第一轮排查) rather than its id.
     */
    public String label(String id) {
        Period period = resolve(id);
        if (!id.startsWith(Period.PHASE_PREFIX)) {
            return period.id();
        }
        Object[] named = (Object[]) entityManager.createNativeQuery(
                        "SELECT item_title, name FROM key_work_phase_view WHERE phase_id = ?1")
                .setParameter(1, UUID.fromString(id.substring(Period.PHASE_PREFIX.length()))).getSingleResult();
        return named[0] + "·" + named[1];
    }

    /** phase id, dispatched at, due at; 400 if the id is not a known phase. */
    private Object[] phase(String id) {
        UUID phaseId;
        try {
            phaseId = UUID.fromString(id.substring(Period.PHASE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("period", "阶段编号不正确 not a phase id: " + id);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT phase_id, dispatched_at, due_at FROM key_work_phase_view WHERE phase_id = ?1")
                .setParameter(1, phaseId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.invalid("period", "没有这个工作阶段 unknown key-work phase " + phaseId);
        }
        Object[] row = rows.get(0);
        return new Object[] {row[0], toOffset(row[1]), toOffset(row[2])};
    }

    private static OffsetDateTime toOffset(Object value) {
        return value instanceof OffsetDateTime at ? at : ((java.time.Instant) value).atOffset(java.time.ZoneOffset.UTC);
    }

    public Period current(PeriodType type) {
        return Period.containing(LocalDate.now(clock), type);
    }

    /** The filing deadline of a node of this level (micro-grids and grids file as GRID; the county and the divisions above it as TOWN). */
    public OffsetDateTime deadline(Period period, String level) {
        String key = switch (level) {
            case "VILLAGE" -> "VILLAGE";
            case "TOWN", "COUNTY", "CITY", "PROVINCE" -> "TOWN";
            default -> "GRID";
        };
        return deadlines(period).get(key);
    }

    /** Filing deadline per level, keyed GRID (micro-grids and grids), VILLAGE and TOWN. */
    public Map<String, OffsetDateTime> deadlines(Period period) {
        if (period.isPhase()) {
            OffsetDateTime due = ((OffsetDateTime) phase(period.id())[2]).atZoneSameInstant(ClockProducer.ZONE)
                    .toOffsetDateTime();
            Map<String, OffsetDateTime> byLevel = new LinkedHashMap<>();
            byLevel.put("GRID", due.plus(config.phase().grid()));
            byLevel.put("VILLAGE", due.plus(config.phase().village()));
            byLevel.put("TOWN", due.plus(config.phase().town()));
            return byLevel;
        }
        ReportConfig.Deadlines deadlines = period.type() == PeriodType.WEEK ? config.week() : config.month();
        Map<String, OffsetDateTime> byLevel = new LinkedHashMap<>();
        byLevel.put("GRID", period.end().plus(deadlines.grid()).toOffsetDateTime());
        byLevel.put("VILLAGE", period.end().plus(deadlines.village()).toOffsetDateTime());
        byLevel.put("TOWN", period.end().plus(deadlines.town()).toOffsetDateTime());
        return byLevel;
    }
}
