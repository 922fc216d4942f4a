package io.wangge.points.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Table;
import io.wangge.points.Appeal;
import io.wangge.points.Award;
import io.wangge.points.LedgerEntry;
import io.wangge.points.Member;
import io.wangge.points.PointsPeriod;
import io.wangge.points.service.AppealService;
import io.wangge.points.service.AwardService;
import io.wangge.points.service.BoardService;
import io.wangge.points.service.Ledger;
import io.wangge.points.service.PointsAccess;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Members' points, the ledger with reasons, manual awards and their approval, corrections, leaderboards. */
@Path("/api")
public class PointsResource {

    /** A member's total for a period. */
    public record Summary(UUID personId, String name, String branch, String period, long points, long entries) {
    }

    /** A ledger line as shown. */
    public record EntryView(UUID id, int points, String rule, int ruleVersion, String source, UUID reversesId,
                            LocalDate occurredOn, String reason, String createdBy, OffsetDateTime createdAt) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(e.id, e.points, e.ruleCode, e.ruleVersion, e.sourceKey, e.reversesId, e.occurredOn,
                    e.reason, e.createdBy, e.createdAt);
        }
    }

    /** A manual award proposal. */
    public record Proposal(@NotNull UUID personId, @NotBlank String ruleCode, Integer points,
                           @NotBlank @Size(max = 2000) String evidence) {
    }

    /** A decision or correction with its reason. */
    public record Decision(@Size(max = 500) String reason) {
    }

    /** A correction's reason. */
    public record Correction(@NotBlank @Size(max = 500) String reason) {
    }

    /** An award as shown. */
    public record AwardView(UUID id, UUID personId, String branch, String ruleCode, int points, String evidence,
                            Award.Status status, String proposedBy, OffsetDateTime proposedAt, String decidedBy,
                            String decision, long version) {
        static AwardView of(Award a) {
            return new AwardView(a.id, a.personId, a.branch, a.ruleCode, a.points, a.evidence, a.status,
                    a.proposedBy, a.proposedAt, a.decidedBy, a.decision, a.version);
        }

        Response withETag() {
            return Response.ok(this).header(HttpHeaders.ETAG, Preconditions.etag(version)).build();
        }
    }

    @Inject
    PointsAccess access;

    @Inject
    Ledger ledger;

    @Inject
    AwardService awards;

    @Inject
    BoardService boards;

    @Inject
    AppealService appeals;

    /** An appeal against an entry. */
    public record AppealRequest(@NotNull UUID entryId, @NotBlank @Size(max = 1000) String reason) {
    }

    /** An appeal as shown. */
    public record AppealView(UUID id, UUID entryId, UUID personId, String branch, String reason,
                             Appeal.Status status, OffsetDateTime raisedAt, String resolvedBy, String resolution,
                             long version) {
        static AppealView of(Appeal a) {
            return new AppealView(a.id, a.entryId, a.personId, a.branch, a.reason, a.status, a.raisedAt,
                    a.resolvedBy, a.resolution, a.version);
        }

        Response withETag() {
            return Response.ok(this).header(HttpHeaders.ETAG, Preconditions.etag(version)).build();
        }
    }

    /** A member contests one of their own entries. */
    @POST
    @Path("/appeals")
    @Idempotent
    public AppealView appeal(@Valid @NotNull AppealRequest request) {
        return AppealView.of(appeals.raise(request.entryId(), request.reason()));
    }

    @GET
    @Path("/appeals/{id}")
    public Response appealOf(@PathParam("id") UUID id) {
        return AppealView.of(appeals.visible(id)).withETag();
    }

    @GET
    @Path("/appeals/open")
    public List<AppealView> openAppeals() {
        return appeals.open().stream().map(AppealView::of).toList();
    }

    /** Upholds the appeal: the entry is reversed, with the reason. */
    @POST
    @Path("/appeals/{id}/uphold")
    @Idempotent
    public Response uphold(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull Correction resolution) {
        return AppealView.of(appeals.resolve(id, ifMatch, true, resolution.reason())).withETag();
    }

    @POST
    @Path("/appeals/{id}/reject")
    @Idempotent
    public Response rejectAppeal(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @Valid @NotNull Correction resolution) {
        return AppealView.of(appeals.resolve(id, ifMatch, false, resolution.reason())).withETag();
    }

    @GET
    @Path("/members/{personId}/summary")
    public Summary summary(@PathParam("personId") UUID personId, @QueryParam("period") @NotBlank String period) {
        Member member = access.visibleMember(personId);
        PointsPeriod p = PointsPeriod.parse(period);
        List<LedgerEntry> entries = LedgerEntry.list("personId = ?1 AND occurredOn BETWEEN ?2 AND ?3",
                personId, p.from(), p.to());
        return new Summary(personId, member.name, member.branch, period,
                entries.stream().mapToLong(e -> e.points).sum(), entries.size());
    }

    @GET
    @Path("/members/{personId}/ledger")
    public Page<EntryView> ledger(@PathParam("personId") UUID personId, @QueryParam("period") @NotBlank String period,
                                  @Valid @BeanParam PageRequest page) {
        access.visibleMember(personId);
        PointsPeriod p = PointsPeriod.parse(period);
        return page.page(ledger.entries(personId, p.from(), p.to(), page.page, page.size).stream()
                .map(EntryView::of).toList(), limit -> LedgerEntry.count(
                        "personId = ?1 AND occurredOn BETWEEN ?2 AND ?3", personId, p.from(), p.to()));
    }

    /** The caller's own points for a period. */
    @GET
    @Path("/me/points")
    public Summary mine(@QueryParam("period") @NotBlank String period) {
        Member me = access.me().orElseThrow(() -> ProblemException.notFound("党员", "me"));
        return summary(me.personId, period);
    }

    @POST
    @Path("/awards")
    @Idempotent
    public AwardView propose(@Valid @NotNull Proposal proposal) {
        return AwardView.of(awards.propose(proposal.personId(), proposal.ruleCode(), proposal.points(),
                proposal.evidence()));
    }

    @GET
    @Path("/awards/{id}")
    public Response awardOf(@PathParam("id") UUID id) {
        return AwardView.of(awards.visible(id)).withETag();
    }

    @GET
    @Path("/awards/pending")
    public List<AwardView> pending() {
        return awards.pending().stream().map(AwardView::of).toList();
    }

    @POST
    @Path("/awards/{id}/approve")
    @Idempotent
    public Response approve(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            @Valid Decision decision) {
        return AwardView.of(awards.decide(id, ifMatch, true, decision == null ? null : decision.reason()))
                .withETag();
    }

    @POST
    @Path("/awards/{id}/reject")
    @Idempotent
    public Response reject(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull Decision decision) {
        if (decision.reason() == null || decision.reason().isBlank()) {
            throw ProblemException.invalid("reason", "驳回须说明理由 a rejection needs a reason");
        }
        return AwardView.of(awards.decide(id, ifMatch, false, decision.reason())).withETag();
    }

    /** A correction: a reversing entry, the original untouched. */
    @POST
    @Path("/ledger/{entryId}/reverse")
    @Idempotent
    public EntryView reverse(@PathParam("entryId") UUID entryId, @Valid @NotNull Correction correction) {
        return EntryView.of(awards.reverse(entryId, correction.reason()));
    }

    /** Members of a branch, or placed under a node, ranked for the period (month, quarter or year). */
    @GET
    @Path("/leaderboards/members")
    public List<BoardService.Line> members(@QueryParam("nodeId") UUID nodeId,
                                           @QueryParam("branchId") UUID branchId,
                                           @QueryParam("period") @NotBlank String period,
                                           @QueryParam("top") @DefaultValue("100") @Min(1) @Max(1000) int top) {
        return boards.members(nodeId, branchId, period, top);
    }

    /** The 比学赶帮超 table: branches by average points per member, with totals and participation. */
    @GET
    @Path("/leaderboards/branches")
    public List<BoardService.BranchLine> branches(@QueryParam("nodeId") @NotNull UUID nodeId,
                                                  @QueryParam("period") @NotBlank String period) {
        return boards.branches(nodeId, period);
    }

    /** The members' leaderboard as xlsx, named after the period. */
    @GET
    @Path("/exports/points.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response pointsXlsx(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        return leaderboard(nodeId, period).download(Table.Format.XLSX, "党员积分 " + period);
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/exports/points.csv")
    @Produces("text/csv")
    public Response pointsCsv(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        return leaderboard(nodeId, period).download(Table.Format.CSV, "党员积分 " + period);
    }

    private Table leaderboard(UUID nodeId, String period) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (BoardService.Line line : boards.members(nodeId, null, period, Integer.MAX_VALUE)) {
            rows.add(java.util.Arrays.asList(line.rank(), line.name(), line.branch(), line.points(),
                    line.rankChange() == null ? null : String.format(Locale.ROOT, "%+d", line.rankChange())));
        }
        return new Table("党员积分 " + period, List.of("名次", "姓名", "党支部", "积分", "名次变化"), rows);
    }
}
