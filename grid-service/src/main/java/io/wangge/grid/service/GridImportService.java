package io.wangge.grid.service;

import io.wangge.grid.GridNode;
import io.wangge.grid.Level;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Problem;
import io.wangge.platform.rest.Table;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Imports a whole tree from a CSV or xlsx sheet in one transaction: new codes are created, known ones updated. A
 * file with any bad row is rejected whole, with every bad row and why; a dry run lists them and writes nothing.
 */
@ApplicationScoped
public class GridImportService {

    private static final List<String> REQUIRED = List.of("code", "name", "level", "parent_code");
    private static final String COLUMNS = "code,name,level,parent_code,households,contact_channel 或 编码,名称,层级,"
            + "上级编码,户数,联系渠道";
    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("code", "code"), Map.entry("编码", "code"), Map.entry("代码", "code"),
            Map.entry("name", "name"), Map.entry("名称", "name"),
            Map.entry("level", "level"), Map.entry("层级", "level"),
            Map.entry("parent_code", "parent_code"), Map.entry("parentcode", "parent_code"),
            Map.entry("parent code", "parent_code"), Map.entry("上级编码", "parent_code"),
            Map.entry("households", "households"), Map.entry("户数", "households"),
            Map.entry("contact_channel", "contact_channel"), Map.entry("contactchannel", "contact_channel"),
            Map.entry("contact channel", "contact_channel"), Map.entry("联系渠道", "contact_channel"));

    /** Level names as people write them, Chinese or the API's. */
    private static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("PROVINCE", Level.PROVINCE), Map.entry("省", Level.PROVINCE), Map.entry("自治区", Level.PROVINCE),
            Map.entry("直辖市", Level.PROVINCE),
            Map.entry("CITY", Level.CITY), Map.entry("市", Level.CITY), Map.entry("地级市", Level.CITY),
            Map.entry("地区", Level.CITY), Map.entry("自治州", Level.CITY), Map.entry("盟", Level.CITY),
            Map.entry("COUNTY", Level.COUNTY), Map.entry("县级市", Level.COUNTY), Map.entry("旗", Level.COUNTY), Map.entry("县", Level.COUNTY), Map.entry("区县", Level.COUNTY),
            Map.entry("县区", Level.COUNTY), Map.entry("区", Level.COUNTY),
            Map.entry("TOWN", Level.TOWN), Map.entry("镇", Level.TOWN), Map.entry("乡", Level.TOWN),
            Map.entry("乡镇", Level.TOWN), Map.entry("街道", Level.TOWN),
            Map.entry("VILLAGE", Level.VILLAGE), Map.entry("村", Level.VILLAGE), Map.entry("社区", Level.VILLAGE),
            Map.entry("村/社区", Level.VILLAGE), Map.entry("村居", Level.VILLAGE),
            Map.entry("GRID", Level.GRID), Map.entry("网格", Level.GRID),
            Map.entry("MICRO_GRID", Level.MICRO_GRID), Map.entry("微网格", Level.MICRO_GRID));

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    private record Row(int line, String code, String name, Level level, String parentCode, Integer households,
                       String contactChannel, Set<String> columns) {
    }

    /** The sheet to fill in, with example rows of a real county's tree. */
    public static Table template() {
        return new Table("网格导入模板", List.of("编码", "名称", "层级", "上级编码", "户数", "联系渠道"), List.of(
                java.util.Arrays.asList("610431", "武功县", "县", null, null, null),
                java.util.Arrays.asList("610431104000", "长宁镇", "镇", "610431", null, "微信群：长宁镇为民服务群"),
                java.util.Arrays.asList("610431104201", "三合村", "村", "610431104000", 520, null),
                java.util.Arrays.asList("610431104201001", "三合村第一微网格", "微网格", "610431104201", 35,
                        "微信群：三合村第一微网格知事议事办事群"),
                java.util.Arrays.asList("610431001000", "普集街道", "街道", "610431", null, null),
                java.util.Arrays.asList("610431001001", "东街社区", "社区", "610431001000", 800, null)));
    }

    /** The tree from a CSV or xlsx sheet; on a dry run nothing stays written and every row's problem is listed. */
    @Transactional
    public ImportSummary importTree(byte[] file, String contentType, boolean dryRun) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        List<Problem.FieldError> errors = new ArrayList<>();
        // Rows that parse are placed too, so one answer lists every bad row, not just the first kind.
        List<ImportSheet.Line> lines = ImportSheet.read(file, contentType, HEADERS, REQUIRED, COLUMNS);
        List<Row> rows = parse(lines, errors);

        Set<String> codes = new HashSet<>();
        for (Row row : rows) {
            codes.add(row.code());
            if (row.parentCode() != null) {
                codes.add(row.parentCode());
            }
        }
        Map<String, GridNode> known = new HashMap<>();
        for (GridNode node : GridNode.<GridNode>list("code IN ?1", List.copyOf(codes))) {
            known.put(node.code, node);
        }

        // Parents before children: a node's level is deeper than its parent's.
        rows.sort(Comparator.comparing((Row row) -> row.level().ordinal()).thenComparing(Row::line));
        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, GridNode> resolved = new HashMap<>(known);
        Set<UUID> checkedParents = new HashSet<>();
        List<GridNode> created = new ArrayList<>();
        List<GridNode> updated = new ArrayList<>();
        int unchanged = 0;
        for (Row row : rows) {
            GridNode existing = known.get(row.code());
            GridNode parent = row.parentCode() == null ? null : resolved.get(row.parentCode());
            String problem = placeProblem(row, parent, existing);
            if (problem != null) {
                errors.add(rowError(row, problem));
                continue;
            }
            if (existing != null) {
                access.requireNodeAdmin(existing);
                if (applyRow(existing, row)) {
                    existing.changed(actor, now);
                    updated.add(existing);
                } else {
                    unchanged++;
                }
                continue;
            }
            if (parent == null || row.level().isDivisionAboveTown()) {
                // a new province, city or county: the province's operator founds it
                access.requireRole(Roles.PROVINCE_ADMIN);
            } else if (known.containsKey(parent.code) && checkedParents.add(parent.id)) {
                // Parents this file creates lie under an existing node checked here, or under a new county.
                access.requireNodeAdmin(parent);
            }
            GridNode node = new GridNode();
            node.id = UUID.randomUUID();
            node.code = row.code();
            node.level = row.level();
            node.divisionKind = CodeRules.kind(row.code(), row.level()).orElse(null);
            node.parentId = parent == null ? null : parent.id;
            GridPath path = parent == null ? GridPath.root(node.id) : parent.gridPath().child(node.id);
            node.path = path.value();
            node.depth = path.depth();
            applyRow(node, row);
            node.created(actor, now);
            resolved.put(node.code, node);
            created.add(node);
        }
        if (!errors.isEmpty()) {
            return ImportSummary.finish(lines.size(), created.size(), updated.size(), unchanged, dryRun, errors);
        }

        GridNode.persist(created);
        events.flush();
        List<OutgoingEvent> outgoing = new ArrayList<>(created.size() + updated.size());
        created.forEach(node -> outgoing.add(events.nodeEvent(GridTopic.NODE_CREATED, node)));
        updated.forEach(node -> outgoing.add(events.nodeEvent(GridTopic.NODE_UPDATED, node)));
        events.recordAll(outgoing);
        return ImportSummary.finish(lines.size(), created.size(), updated.size(), unchanged, dryRun, List.of());
    }

    private String placeProblem(Row row, GridNode parent, GridNode existing) {
        if (row.level() == Level.PROVINCE && row.parentCode() != null) {
            return "省级节点没有上级 a province has no parent";
        }
        if (row.parentCode() == null) {
            if (!row.level().isDivisionAboveTown()) {
                return "缺少上级编码 parent code is required";
            }
        } else if (parent == null) {
            return "上级编码 " + row.parentCode() + " 不存在 unknown parent code";
        } else if (!parent.level.mayHold(row.level())) {
            return parent.level + " 之下不能设 " + row.level() + " a " + parent.level + " holds only "
                    + parent.level.childLevels();
        } else if (!parent.isActive()) {
            return "上级网格已撤销 the parent is retired";
        }
        if (existing != null) {
            if (existing.level != row.level()) {
                return "已存在的编码层级为 " + existing.level + " the existing node is a " + existing.level;
            }
            if (!Objects.equals(existing.parentId, parent == null ? null : parent.id)) {
                return "上级不同：调整隶属请用迁移接口 a different parent: move it with POST /api/grids/{id}/move";
            }
            return null;
        }
        return CodeRules.problem(row.code(), row.level(), parent == null ? null : parent.code,
                parent == null ? null : parent.level).orElse(null);
    }

    /** A column the sheet leaves out keeps what the node has; a blank cell of a present column clears it. */
    private static boolean applyRow(GridNode node, Row row) {
        Integer households = row.columns().contains("households") ? row.households() : node.households;
        String contact = row.columns().contains("contact_channel") ? row.contactChannel() : node.contactChannel;
        boolean changed = !row.name().equals(node.name) || !Objects.equals(households, node.households)
                || !Objects.equals(contact, node.contactChannel);
        node.name = row.name();
        node.households = households;
        node.contactChannel = contact;
        return changed;
    }

    private List<Row> parse(List<ImportSheet.Line> lines, List<Problem.FieldError> errors) {
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ImportSheet.Line sheetLine : lines) {
            int line = sheetLine.number();
            List<String> problems = new ArrayList<>();
            String code = sheetLine.get("code");
            String name = sheetLine.get("name");
            String levelText = sheetLine.get("level");
            String parentCode = sheetLine.get("parent_code");
            String householdsText = sheetLine.get("households");
            String contact = sheetLine.get("contact_channel");
            if (code == null) {
                problems.add("code: 缺少编码 missing");
            } else if (!seen.add(code)) {
                problems.add("code: 文件中重复 appears twice in the file");
            }
            if (name == null) {
                problems.add("name: 缺少名称 missing");
            } else if (name.length() > 100) {
                problems.add("name: 最多 100 字 at most 100 characters");
            }
            for (String[] codeCell : new String[][] {{"code", code}, {"parent_code", parentCode}}) {
                if (ImportSheet.isExcelNumber(codeCell[1])) {
                    problems.add(ImportSheet.excelNumberProblem(codeCell[0], codeCell[1]));
                }
            }
            Level level = levelText == null ? null : LEVELS.get(levelText.toUpperCase(Locale.ROOT));
            if (level == null) {
                problems.add("level: 须为 省/市/县/镇/乡/街道/村/社区/网格/微网格 (PROVINCE/CITY/COUNTY/TOWN/VILLAGE/GRID/"
                        + "MICRO_GRID),"
                        + " was " + levelText);
            }
            Integer households = null;
            if (householdsText != null) {
                try {
                    households = Integer.valueOf(householdsText);
                    if (households < 0) {
                        problems.add("households: 不能为负 must not be negative");
                    }
                } catch (NumberFormatException e) {
                    problems.add("households: 须为整数 must be a whole number, was " + householdsText);
                }
            }
            if (contact != null && contact.length() > 500) {
                problems.add("contact_channel: 最多 500 字 at most 500 characters");
            }
            if (!problems.isEmpty()) {
                for (String problem : problems) {
                    errors.add(ImportSummary.rowProblem(line, code, problem));
                }
                continue;
            }
            rows.add(new Row(line, code, name, level, parentCode, households, contact, sheetLine.columns()));
        }
        return rows;
    }

    private static Problem.FieldError rowError(Row row, String problem) {
        return ImportSummary.rowProblem(row.line(), row.code(), problem);
    }

}
