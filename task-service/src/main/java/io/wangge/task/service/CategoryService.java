package io.wangge.task.service;

import io.wangge.platform.rest.ProblemException;
import io.wangge.task.Category;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/** The category catalogue: seeded with the town's key work, extended by admins. */
@ApplicationScoped
public class CategoryService {

    @Inject
    Clock clock;

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
