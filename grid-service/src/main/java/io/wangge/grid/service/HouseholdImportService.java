package io.wangge.grid.service;

import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.Level;
import io.wangge.grid.Person;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Problem;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Imports the households of micro-grids from a CSV or xlsx sheet: a household is known by its micro-grid and
 * address, so a known one is updated and a new one registered; its contact cadre (包户干部) is named by phone. All
 * or nothing; a dry run lists every row's problem.
 */
@ApplicationScoped
public class HouseholdImportService {

    static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("micro_grid_code", "micro_grid_code"), Map.entry("微网格编码", "micro_grid_code"),
            Map.entry("网格编码", "micro_grid_code"),
            Map.entry("address", "address"), Map.entry("地址", "address"), Map.entry("住址", "address"),
            Map.entry("门牌", "address"),
            Map.entry("head_name", "head_name"), Map.entry("户主", "head_name"), Map.entry("户主姓名", "head_name"),
            Map.entry("members", "members"), Map.entry("人口", "members"), Map.entry("人数", "members"),
            Map.entry("家庭人口", "members"),
            Map.entry("tags", "tags"), Map.entry("标签", "tags"), Map.entry("户类型", "tags"),
            Map.entry("contact_phone", "contact_phone"), Map.entry("包户干部手机", "contact_phone"),
            Map.entry("联系干部手机", "contact_phone"));
    static final List<String> REQUIRED = List.of("micro_grid_code", "address", "head_name", "members");
    static final List<String> TEMPLATE_HEADERS = List.of("微网格编码", "地址", "户主", "人口", "标签", "包户干部手机");
    private static final String COLUMNS = String.join(",", TEMPLATE_HEADERS)
            + " 或 micro_grid_code,address,head_name,members,tags,contact_phone";

    @Inject
    GridAccess access;

    @Inject
    PersonService people;

    @Inject
    GridEvents events;

    @Inject
    java.time.Clock clock;

    /** {@code tags} null: the sheet has no such column (a known household keeps its tags); likewise the contact. */
    private record Row(int line, String microGridCode, String address, String headName, int members,
                       List<String> tags, boolean contactColumn, String contactPhone) {
    }

    /** The sheet to fill in. */
    public static Table template() {
        return new Table("住户导入模板", TEMPLATE_HEADERS, List.of(
                List.of("610431104201001", "三合村一组3号", "马德福", 4, "独居老人、重点关注", "13912345678"),
                List.of("610431104201001", "三合村一组5号", "马桂兰", 2, "", "")));
    }

    @Transactional
    public ImportSummary importHouseholds(byte[] file, String contentType, boolean dryRun) {
        access.requireRole(io.wangge.platform.security.Roles.TOWN_ADMIN, io.wangge.platform.security.Roles.COUNTY_ADMIN,
                io.wangge.platform.security.Roles.VILLAGE_CADRE);
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ImportSheet.Line> lines = ImportSheet.read(file, contentType, HEADERS, REQUIRED, COLUMNS);
        List<Row> rows = parse(lines, errors);

        Set<String> codes = new HashSet<>();
        Set<String> phones = new HashSet<>();
        rows.forEach(row -> {
            codes.add(row.microGridCode());
            if (row.contactPhone() != null) {
                phones.add(row.contactPhone());
            }
        });
        Map<String, GridNode> grids = new HashMap<>();
        if (!codes.isEmpty()) {
            GridNode.<GridNode>list("code IN ?1", List.copyOf(codes)).stream().filter(access::isVisible)
                    .forEach(node -> grids.put(node.code, node));
        }
        Map<String, List<Person>> contacts = new HashMap<>();
        if (!phones.isEmpty()) {
            Person.<Person>list("phone IN ?1 AND status = ?2", List.copyOf(phones), Person.Status.ACTIVE).stream()
                    .filter(people::isVisible)
                    .forEach(person -> contacts.computeIfAbsent(person.phone, p -> new ArrayList<>()).add(person));
        }
        Map<String, Household> known = new HashMap<>();
        if (!grids.isEmpty()) {
            List<UUID> ids = grids.values().stream().map(node -> node.id).toList();
            for (Household household : Household.<Household>list("microGridId IN ?1 AND status = ?2", ids,
                    Household.Status.ACTIVE)) {
                known.put(household.microGridId + "/" + household.address, household);
            }
        }

        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Set<UUID> managed = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<Household> created = new ArrayList<>();
        List<Household> updated = new ArrayList<>();
        Map<UUID, GridNode> gridOf = new HashMap<>();
        int unchanged = 0;
        for (Row row : rows) {
            GridNode grid = grids.get(row.microGridCode());
            String problem = null;
            if (grid == null) {
                problem = "micro_grid_code: 微网格 " + row.microGridCode() + " 不存在或不在您的辖区 no such micro-grid"
                        + " in your place";
            } else if (grid.level != Level.MICRO_GRID) {
                problem = "micro_grid_code: 住户只能登记在微网格 households belong to micro-grids, " + grid.name
                        + " is a " + grid.level;
            } else if (!grid.isActive()) {
                problem = "micro_grid_code: 微网格已撤销 the micro-grid is retired";
            } else if (managed.add(grid.id)) {
                try {
                    access.requireStaffManager(grid);
                } catch (ProblemException e) {
                    managed.remove(grid.id);
                    problem = "micro_grid_code: " + e.getMessage();
                }
            }
            List<Person> named = row.contactPhone() == null ? List.of()
                    : contacts.getOrDefault(row.contactPhone(), List.of());
            Person contact = named.size() == 1 ? named.get(0) : null;
            if (problem == null && row.contactPhone() != null && contact == null) {
                problem = "contact_phone: " + (named.isEmpty() ? "手机号 " + row.contactPhone()
                        + " 不是辖区内在职人员 not a person of your place" : named.size() + " 人共用手机号 "
                        + row.contactPhone() + "，请在住户页面指定包户干部 several people share this phone: name the"
                        + " contact cadre on the household");
            }
            if (problem == null && !seen.add(grid.id + "/" + row.address())) {
                problem = "address: 文件中重复 this micro-grid and address appear twice in the file";
            }
            if (problem != null) {
                errors.add(ImportSummary.rowProblem(row.line(), row.address(), problem));
                continue;
            }
            Household household = known.get(grid.id + "/" + row.address());
            UUID contactId = row.contactColumn() ? (contact == null ? null : contact.id)
                    : household == null ? null : household.contactCadreId;
            List<String> tags = row.tags() != null ? row.tags()
                    : household == null ? List.of() : Arrays.asList(household.tags);
            if (household != null) {
                boolean same = household.headName.equals(row.headName()) && household.membersCount == row.members()
                        && Arrays.asList(household.tags).equals(tags)
                        && Objects.equals(household.contactCadreId, contactId);
                if (same) {
                    unchanged++;
                    continue;
                }
                household.changed(actor, now);
                updated.add(household);
            } else {
                household = new Household();
                household.id = UUID.randomUUID();
                household.microGridId = grid.id;
                household.address = row.address();
                household.created(actor, now);
                created.add(household);
            }
            household.headName = row.headName();
            household.membersCount = row.members();
            household.tags = tags.toArray(String[]::new);
            household.contactCadreId = contactId;
            gridOf.put(household.id, grid);
        }
        if (!errors.isEmpty()) {
            return ImportSummary.finish(lines.size(), created.size(), updated.size(), unchanged, dryRun, errors);
        }
        Household.persist(created);
        events.flush();
        List<OutgoingEvent> outgoing = new ArrayList<>();
        created.forEach(h -> outgoing.add(events.householdEvent(h, gridOf.get(h.id))));
        updated.forEach(h -> outgoing.add(events.householdEvent(h, gridOf.get(h.id))));
        events.recordAll(outgoing);
        return ImportSummary.finish(lines.size(), created.size(), updated.size(), unchanged, dryRun, List.of());
    }

    private List<Row> parse(List<ImportSheet.Line> lines, List<Problem.FieldError> errors) {
        List<Row> rows = new ArrayList<>();
        for (ImportSheet.Line line : lines) {
            List<String> problems = new ArrayList<>();
            String code = line.get("micro_grid_code");
            String address = line.get("address");
            String head = line.get("head_name");
            if (code == null) {
                problems.add("micro_grid_code: 缺少微网格编码 missing");
            } else if (ImportSheet.isExcelNumber(code)) {
                problems.add(ImportSheet.excelNumberProblem("micro_grid_code", code));
            }
            if (address == null || address.length() > 200) {
                problems.add("address: " + (address == null ? "缺少地址 missing" : "最多 200 字 at most 200 characters"));
            }
            if (head == null || head.length() > 50) {
                problems.add("head_name: " + (head == null ? "缺少户主 missing" : "最多 50 字 at most 50 characters"));
            }
            int members = -1;
            try {
                members = Integer.parseInt(line.get("members") == null ? "" : line.get("members"));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (members < 0 || members > 100) {
                problems.add("members: 人口须为 0–100 的整数 a whole number 0–100, was " + line.get("members"));
            }
            List<String> tags = line.has("tags") ? new ArrayList<>() : null;
            if (line.get("tags") != null) {
                tags = List.copyOf(new LinkedHashSet<>(Arrays.stream(line.get("tags").split("[、,，;；|/]"))
                        .map(String::trim).filter(tag -> !tag.isEmpty()).toList()));
                if (tags.size() > 20 || tags.stream().anyMatch(tag -> tag.length() > 50)) {
                    problems.add("tags: 最多 20 个标签，每个 50 字 at most 20 tags of 50 characters");
                }
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(ImportSummary.rowProblem(line.number(), address, p)));
                continue;
            }
            rows.add(new Row(line.number(), code, address, head, members, tags, line.has("contact_phone"),
                    line.get("contact_phone")));
        }
        return rows;
    }
}
