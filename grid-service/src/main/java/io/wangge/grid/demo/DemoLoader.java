package io.wangge.grid.demo;

import io.wangge.grid.GridNode;
import io.wangge.grid.PartyBranch;
import io.wangge.grid.service.GridAccess;
import io.wangge.grid.service.GridEvents;
import io.wangge.grid.service.GridImportService;
import io.wangge.grid.service.HouseholdImportService;
import io.wangge.grid.service.StaffImportService;
import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Loads a generated town in one transaction through the imports a town office uses: the tree, its party branches,
 * the staff with their posts and the households, each as the xlsx sheet an office would upload.
 */
@ApplicationScoped
public class DemoLoader {

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    GridImportService trees;

    @Inject
    StaffImportService staff;

    @Inject
    HouseholdImportService households;

    @Inject
    Clock clock;

    /** What was loaded. */
    public record Summary(String countyId, String townId, int nodes, int people, int assignments,
                          int households) {
    }

    @Transactional
    public Summary load(ChangningDemo.Town town) {
        // the demo founds a county, as only the province's operator does
        access.requireRole(Roles.PROVINCE_ADMIN);
        String countyCode = town.nodes().get(0).code();
        if (GridNode.count("code", countyCode) > 0) {
            throw ProblemException.conflict("演示数据已加载 the demo county " + countyCode + " is already loaded");
        }
        ImportSummary tree = trees.importTree(town.treeSheet().xlsx(), ImportSheet.XLSX, false);

        // party branches have no sheet: an office founds its few branches by hand (POST /api/branches)
        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<PartyBranch> branches = new ArrayList<>();
        for (ChangningDemo.Branch spec : town.branches()) {
            PartyBranch branch = new PartyBranch();
            branch.id = UUID.randomUUID();
            branch.nodeId = GridNode.<GridNode>find("code", spec.nodeCode()).firstResult().id;
            branch.name = spec.name();
            branch.created(actor, now);
            branches.add(branch);
        }
        PartyBranch.persist(branches);
        events.flush();

        ImportSummary posts = staff.importStaff(town.staffSheet(LocalDate.now(clock).withDayOfYear(1)).xlsx(),
                ImportSheet.XLSX, false);
        ImportSummary homes = households.importHouseholds(town.householdSheet().xlsx(), ImportSheet.XLSX, false);

        GridNode county = GridNode.find("code", countyCode).firstResult();
        GridNode townNode = GridNode.find("code", town.nodes().get(1).code()).firstResult();
        return new Summary(county.id.toString(), townNode.id.toString(), tree.created(), town.staff().size(),
                posts.created(), homes.created());
    }
}
