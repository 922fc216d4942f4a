package io.wangge.grid.service;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Level;
import io.wangge.grid.PartyBranch;
import io.wangge.grid.Person;
import io.wangge.grid.Role;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Problem;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Table;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Imports staff with their posts from a CSV or xlsx sheet, one row per post (a person with two posts has two rows,
 * known by their phone and name): the people new to the place are created, each post is appointed by the rules of
 * {@link AssignmentService#assign}, a post already held is left as it is (so a sheet can be imported again). All
 * or nothing; a dry run lists every row's problem.
 */
@ApplicationScoped
public class StaffImportService {

    static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("name", "name"), Map.entry("姓名", "name"),
            Map.entry("phone", "phone"), Map.entry("手机", "phone"), Map.entry("手机号", "phone"),
            Map.entry("电话", "phone"), Map.entry("联系电话", "phone"),
            Map.entry("account_id", "account_id"), Map.entry("account", "account_id"), Map.entry("账号", "account_id"),
            Map.entry("登录账号", "account_id"),
            Map.entry("party_member", "party_member"), Map.entry("党员", "party_member"),
            Map.entry("是否党员", "party_member"),
            Map.entry("party_branch", "party_branch"), Map.entry("党支部", "party_branch"),
            Map.entry("所在党支部", "party_branch"),
            Map.entry("node_code", "node_code"), Map.entry("网格编码", "node_code"), Map.entry("岗位网格编码", "node_code"),
            Map.entry("任职网格编码", "node_code"),
            Map.entry("role", "role"), Map.entry("岗位", "role"), Map.entry("职务", "role"),
            Map.entry("primary", "primary"), Map.entry("主岗", "primary"), Map.entry("主要负责人", "primary"),
            Map.entry("valid_from", "valid_from"), Map.entry("任职日期", "valid_from"), Map.entry("起始日期", "valid_from"));
    static final List<String> REQUIRED = List.of("name", "phone", "node_code", "role");
    static final List<String> TEMPLATE_HEADERS = List.of("姓名", "手机", "账号", "党员", "党支部", "网格编码", "岗位",
            "主岗", "任职日期");
    private static final String COLUMNS = String.join(",", TEMPLATE_HEADERS)
            + " 或 name,phone,account_id,party_member,party_branch,node_code,role,primary,valid_from";
    private static final java.util.regex.Pattern PHONE =
            java.util.regex.Pattern.compile("1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}");

    /** Post names as a town office writes them, Chinese or the API's. */
    static final Map<String, Role> ROLES = Map.ofEntries(
            Map.entry("党建网格员", Role.PARTY_BUILDING_GRID_WORKER), Map.entry("村党建网格员", Role.PARTY_BUILDING_GRID_WORKER),
            Map.entry("综治网格员", Role.COMPREHENSIVE_GRID_WORKER), Map.entry("综合网格员", Role.COMPREHENSIVE_GRID_WORKER),
            Map.entry("专职网格员", Role.COMPREHENSIVE_GRID_WORKER),
            Map.entry("辅助网格员", Role.AUXILIARY_GRID_WORKER), Map.entry("兼职网格员", Role.AUXILIARY_GRID_WORKER),
            Map.entry("村干部", Role.VILLAGE_CADRE), Map.entry("村（社区）干部", Role.VILLAGE_CADRE),
            Map.entry("社区干部", Role.VILLAGE_CADRE),
            Map.entry("镇干部", Role.TOWN_CADRE), Map.entry("乡镇干部", Role.TOWN_CADRE), Map.entry("街道干部", Role.TOWN_CADRE),
            Map.entry("党支部书记", Role.BRANCH_SECRETARY), Map.entry("支部书记", Role.BRANCH_SECRETARY),
            Map.entry("县级干部", Role.COUNTY_CADRE), Map.entry("县干部", Role.COUNTY_CADRE));

    @Inject
    GridAccess access;

    @Inject
    AssignmentService assignments;

    @Inject
    PersonService people;

    @Inject
    GridEvents events;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    private record Row(int line, String name, String phone, String accountId, boolean partyMember, String branch,
                       String nodeCode, Role role, boolean primary, LocalDate validFrom) {
    }

    /** The sheet to fill in: one row per post. */
    public static Table template() {
        return new Table("人员导入模板", TEMPLATE_HEADERS, List.of(
                List.of("马秀英", "13912345678", "majia.cadre", "是", "马家村党支部", "610431104201", "村干部", "是",
                        "2026-01-01"),
                List.of("马秀英", "13912345678", "majia.cadre", "是", "马家村党支部", "610431104201", "党支部书记", "是",
                        "2026-01-01"),
                List.of("马小明", "13887654321", "", "否", "", "610431104201001", "综治网格员", "是", "2026-03-01")));
    }

    @Transactional
    public ImportSummary importStaff(byte[] file, String contentType, boolean dryRun) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ImportSheet.Line> lines = ImportSheet.read(file, contentType, HEADERS, REQUIRED, COLUMNS);
        List<Row> rows = parse(lines, errors);

        Set<String> codes = new HashSet<>();
        Set<String> phones = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        Set<String> branchNames = new HashSet<>();
        rows.forEach(row -> {
            codes.add(row.nodeCode());
            phones.add(row.phone());
            if (row.accountId() != null) {
                accounts.add(row.accountId());
            }
            if (row.branch() != null) {
                branchNames.add(row.branch());
            }
        });
        Map<String, GridNode> nodes = new HashMap<>();
        if (!codes.isEmpty()) {
            GridNode.<GridNode>list("code IN ?1", List.copyOf(codes)).stream().filter(access::isVisible)
                    .forEach(node -> nodes.put(node.code, node));
        }
        // a village household often shares one phone: a person is known by phone and name together
        Map<String, Person> byPhone = new HashMap<>();
        Map<String, Person> byAccount = new HashMap<>();
        if (!phones.isEmpty()) {
            List<Person> known = Person.<Person>list("phone IN ?1 OR accountId IN ?2", List.copyOf(phones),
                    accounts.isEmpty() ? List.of("") : List.copyOf(accounts));
            Set<UUID> visible = people.visibleAmong(known);
            for (Person person : known) {
                if (person.accountId != null) {
                    byAccount.put(person.accountId, person);
                }
                if (person.phone != null && visible.contains(person.id)) {
                    byPhone.putIfAbsent(person.phone + "/" + person.name, person);
                }
            }
        }
        // the posts already held at the sheet's nodes, read once: a post held is left as it is, a primary taken
        Set<String> held = new HashSet<>();
        Set<String> primaries = new HashSet<>();
        if (!nodes.isEmpty()) {
            for (Assignment a : Assignment.<Assignment>list("nodeId IN ?1 AND status = ?2",
                    nodes.values().stream().map(n -> n.id).toList(), Assignment.Status.ACTIVE)) {
                held.add(a.personId + "/" + a.nodeId + "/" + a.role);
                if (a.primary) {
                    primaries.add(a.nodeId + "/" + a.role);
                }
            }
        }
        Map<String, List<PartyBranch>> branches = new HashMap<>();
        Map<UUID, GridNode> branchNodes = new HashMap<>();
        if (!branchNames.isEmpty()) {
            for (PartyBranch branch : PartyBranch.<PartyBranch>list("name IN ?1", List.copyOf(branchNames))) {
                GridNode at = GridNode.findById(branch.nodeId);
                if (at != null && access.isVisible(at)) {
                    branches.computeIfAbsent(branch.name, n -> new ArrayList<>()).add(branch);
                    branchNodes.put(branch.id, at);
                }
            }
        }

        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Person> newPeople = new HashMap<>();
        List<Person> created = new ArrayList<>();
        List<Assignment> posts = new ArrayList<>();
        Map<UUID, Person> holderOf = new HashMap<>();
        Map<UUID, GridNode> nodeOf = new HashMap<>();
        int unchanged = 0;
        for (Row row : rows) {
            GridNode node = nodes.get(row.nodeCode());
            String problem = node == null ? "node_code: 网格编码 " + row.nodeCode() + " 不存在或不在您的辖区"
                    + " no such node in your place" : postProblem(row, node);
            PartyBranch branch = null;
            if (problem == null && row.branch() != null && !row.partyMember()) {
                problem = "party_branch: 只有党员有党支部 only a party member belongs to a branch";
            }
            if (problem == null && row.branch() != null) {
                List<PartyBranch> named = branches.getOrDefault(row.branch(), List.of());
                // two towns may each have a 机关党支部: the one at the post's node or above it is meant
                List<PartyBranch> above = named.stream()
                        .filter(b -> node.path.startsWith(branchNodes.get(b.id).path)).toList();
                if (above.size() == 1) {
                    named = above;
                }
                if (named.size() != 1) {
                    problem = "party_branch: " + (named.isEmpty() ? "党支部 " + row.branch() + " 不存在 no such branch"
                            : "有 " + named.size() + " 个同名党支部 several branches have this name");
                } else {
                    branch = named.get(0);
                }
            }
            String identity = row.phone() + "/" + row.name();
            Person person = byPhone.get(identity);
            if (problem == null && person == null) {
                person = newPeople.get(identity);
            }
            if (problem == null && person == null) {
                Person owner = row.accountId() == null ? null : byAccount.get(row.accountId());
                if (owner != null || row.accountId() != null && newPeople.values().stream()
                        .anyMatch(p -> row.accountId().equals(p.accountId))) {
                    problem = "account_id: 账号 " + row.accountId() + " 已被他人使用 is another person's login";
                } else {
                    person = new Person();
                    person.id = UUID.randomUUID();
                    person.name = row.name();
                    person.phone = row.phone();
                    person.accountId = row.accountId();
                    person.partyMember = row.partyMember();
                    person.partyBranch = branch;
                    person.created(actor, now);
                    newPeople.put(identity, person);
                    created.add(person);
                }
            }
            if (problem == null) {
                problem = holderProblem(person, row);
            }
            if (problem != null) {
                errors.add(ImportSummary.rowProblem(row.line(), row.phone(), problem));
                continue;
            }
            if (!held.add(person.id + "/" + node.id + "/" + row.role())) {
                unchanged++;
                continue;
            }
            if (row.primary()) {
                if (!primaries.add(node.id + "/" + row.role())) {
                    errors.add(ImportSummary.rowProblem(row.line(), row.phone(), "primary: " + node.name + " 的 "
                            + row.role() + " 已有主要负责人 the node already has a primary for this role"));
                    continue;
                }
            }
            Assignment assignment = new Assignment();
            assignment.id = UUID.randomUUID();
            assignment.personId = person.id;
            assignment.nodeId = node.id;
            assignment.role = row.role();
            assignment.primary = row.primary();
            assignment.validFrom = row.validFrom() == null ? LocalDate.now(clock) : row.validFrom();
            assignment.created(actor, now);
            posts.add(assignment);
            holderOf.put(assignment.id, person);
            nodeOf.put(assignment.id, node);
        }
        if (!errors.isEmpty()) {
            return ImportSummary.finish(lines.size(), posts.size(), 0, unchanged, dryRun, errors);
        }
        Person.persist(created);
        Assignment.persist(posts);
        events.flush();
        List<OutgoingEvent> outgoing = new ArrayList<>();
        created.forEach(person -> outgoing.add(events.personEvent(person)));
        posts.forEach(a -> outgoing.add(events.assignmentEvent(a, holderOf.get(a.id), nodeOf.get(a.id))));
        events.recordAll(outgoing);
        return ImportSummary.finish(lines.size(), posts.size(), 0, unchanged, dryRun, List.of());
    }

    /** Why the caller may not appoint to this post here, as {@link AssignmentService#assign} decides it. */
    private String postProblem(Row row, GridNode node) {
        if (!node.isActive()) {
            return "node_code: 网格已撤销 the node is retired";
        }
        try {
            access.requireStaffManager(node);
            assignments.requireMayPost(row.role(), node);
        } catch (ProblemException e) {
            return "role: " + e.getMessage();
        }
        if (row.role() == Role.COUNTY_CADRE && node.level != Level.COUNTY) {
            return "role: 县级干部只在县级节点任职 a county cadre is posted at a county";
        }
        return null;
    }

    private String holderProblem(Person person, Row row) {
        if (person.status != Person.Status.ACTIVE) {
            return "phone: " + person.name + " 已停用 is inactive";
        }
        if (person.accountId != null && person.accountId.equals(caller.accountId())) {
            return "phone: 不能任命自己 nobody appoints themselves";
        }
        return null;
    }

    private List<Row> parse(List<ImportSheet.Line> lines, List<Problem.FieldError> errors) {
        List<Row> rows = new ArrayList<>();
        for (ImportSheet.Line line : lines) {
            List<String> problems = new ArrayList<>();
            String name = line.get("name");
            String phone = line.get("phone");
            if (name == null || name.length() > 50) {
                problems.add("name: " + (name == null ? "缺少姓名 missing" : "最多 50 字 at most 50 characters"));
            }
            if (phone == null || !PHONE.matcher(phone).matches()) {
                problems.add("phone: 须为手机号或固定电话 must be a mobile or landline number, was " + phone);
            }
            String nodeCode = line.get("node_code");
            if (nodeCode == null) {
                problems.add("node_code: 缺少网格编码 missing");
            } else if (ImportSheet.isExcelNumber(nodeCode)) {
                problems.add(ImportSheet.excelNumberProblem("node_code", nodeCode));
            }
            String roleText = line.get("role");
            Role role = roleText == null ? null : ROLES.get(roleText);
            if (role == null && roleText != null) {
                try {
                    role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    role = null;
                }
            }
            if (role == null) {
                problems.add("role: 须为 党建网格员/综治网格员/辅助网格员/村干部/镇干部/党支部书记/县级干部, was " + roleText);
            }
            Boolean partyMember = yesNo(line.get("party_member"), false);
            Boolean primary = yesNo(line.get("primary"), false);
            if (partyMember == null) {
                problems.add("party_member: 须为 是/否 must be yes or no");
            }
            if (primary == null) {
                problems.add("primary: 须为 是/否 must be yes or no");
            }
            LocalDate validFrom = null;
            if (line.get("valid_from") != null) {
                validFrom = date(line.get("valid_from"));
                if (validFrom == null) {
                    problems.add("valid_from: 日期须为 2026-01-01 或 2026/1/1 a date, was " + line.get("valid_from"));
                }
            }
            String accountId = line.get("account_id");
            if (accountId != null && !accountId.matches("[A-Za-z0-9._@-]{3,200}")) {
                problems.add("account_id: 账号只能含字母、数字和 . _ @ - letters, digits and . _ @ - only");
            }
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(ImportSummary.rowProblem(line.number(), phone, p)));
                continue;
            }
            rows.add(new Row(line.number(), name, phone, accountId, partyMember, line.get("party_branch"), nodeCode,
                    role, primary, validFrom));
        }
        return rows;
    }

    static Boolean yesNo(String text, boolean absent) {
        if (text == null) {
            return absent;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "是", "y", "yes", "true", "1", "√" -> true;
            case "否", "n", "no", "false", "0", "×" -> false;
            default -> null;
        };
    }

    static LocalDate date(String text) {
        for (String pattern : List.of("yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日")) {
            try {
                return LocalDate.parse(text, DateTimeFormatter.ofPattern(pattern));
            } catch (DateTimeParseException e) {
                // the next way of writing a date
            }
        }
        return null;
    }
}
