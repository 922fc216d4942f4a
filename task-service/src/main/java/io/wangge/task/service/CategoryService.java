package io.wangge.task.service;

import io.wangge.platform.rest.ProblemException;
import io.wangge.task.Category;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import io.wangge.platform.lifecycle.LifeCycle;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/** The category catalogue: seeded with the town's key work, extended by admins. */
@ApplicationScoped
public class CategoryService {

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    /** A level's own supervision limits, where it needs other than its category's. */
    public record LevelLimit(String level, Integer yellowHours, Integer climbHours) {
    }

    /** The supervision (督办) limits of a category and of its levels. */
    public record Limits(Integer yellowHours, int climbHours, List<LevelLimit> levels) {
    }

    public Category get(String code) {
        Category category = Category.findById(code);
        if (category == null) {
            throw ProblemException.notFound("类别", code);
        }
        return category;
    }

    @SuppressWarnings("unchecked")
    public List<LevelLimit> levelLimits(String code) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT level, yellow_hours, climb_hours"
                + " FROM supervision_limit WHERE category_code = ?1 ORDER BY level").setParameter(1, code)
                .getResultList();
        return rows.stream().map(r -> new LevelLimit((String) r[0], r[1] == null ? null : ((Number) r[1]).intValue(),
                r[2] == null ? null : ((Number) r[2]).intValue())).toList();
    }

    /** Replaces a category's supervision limits, its levels' included; the sweep applies them from its next run. */
    @Transactional
    public Category setLimits(String code, String ifMatch, Limits limits) {
        Category category = get(code);
        LifeCycle.change(category.version, ifMatch);
        if (limits.levels().stream().map(LevelLimit::level).distinct().count() != limits.levels().size()) {
            throw ProblemException.invalid("levels", "每一级只能设一次 each level once");
        }
        category.yellowHours = limits.yellowHours();
        category.climbHours = limits.climbHours();
        entityManager.createNativeQuery("DELETE FROM supervision_limit WHERE category_code = ?1")
                .setParameter(1, code).executeUpdate();
        for (LevelLimit level : limits.levels()) {
            entityManager.createNativeQuery("INSERT INTO supervision_limit (category_code, level, yellow_hours,"
                            + " climb_hours) VALUES (?1, ?2, CAST(?3 AS int), CAST(?4 AS int))")
                    .setParameter(1, code).setParameter(2, level.level())
                    .setParameter(3, level.yellowHours()).setParameter(4, level.climbHours())
                    .executeUpdate();
        }
        // a catalogue change is a change of the category: its version tells clients theirs is stale
        entityManager.lock(category, jakarta.persistence.LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        entityManager.flush();
        return category;
    }

    public List<Category> list() {
        return Category.list("ORDER BY code");
    }

    @Transactional
    public Category create(String code, String name, String description, int caseTimeLimitHours, String actor) {
        if (Category.findByIdOptional(code).isPresent()) {
            throw ProblemException.conflict("类别编码 " + code + " 已存在 category code already exists");
        }
        Category category = new Category();
        category.code = code;
        category.name = name;
        category.description = description;
        category.caseTimeLimitHours = caseTimeLimitHours;
        category.createdBy = actor;
        category.createdAt = OffsetDateTime.now(clock);
        category.persist();
        return category;
    }
}
