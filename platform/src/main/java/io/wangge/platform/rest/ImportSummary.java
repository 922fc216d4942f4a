package io.wangge.platform.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What an import did, or on a dry run would do: every import is all or nothing, and a dry run goes through the
 * same checks and writes inside the same transaction, then rolls it back and lists every row's problem.
 */
public record ImportSummary(int rows, int created, int updated, int unchanged, boolean dryRun,
                            List<Problem.FieldError> problems) {

    /**
     * A dry run's outcome, thrown so that whatever opened the transaction (an {@code @Transactional} method, the
     * idempotency interceptor) rolls it back; {@link ProblemMappers} answers it as 200 with the summary.
     */
    public static final class DryRun extends RuntimeException {

        private final transient ImportSummary summary;

        DryRun(ImportSummary summary) {
            super("dry run", null, false, false);
            this.summary = summary;
        }

        public ImportSummary summary() {
            return summary;
        }
    }

    /** A problem of the row on {@code line}, named by its key (a code, a phone) when it has one. */
    public static Problem.FieldError rowProblem(int line, String key, String message) {
        return new Problem.FieldError("row " + line + (key == null ? "" : " (" + key + ")"), message);
    }

    /**
     * The import's outcome, called last inside its transaction: with problems, a real import is refused with all of
     * them (400, nothing written); a dry run ends in {@link DryRun}, which rolls back whatever it wrote and answers
     * what it found.
     */
    public static ImportSummary finish(int rows, int created, int updated, int unchanged, boolean dryRun,
                                       List<Problem.FieldError> problems) {
        List<Problem.FieldError> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ImportSummary::lineOf));
        if (dryRun) {
            throw new DryRun(new ImportSummary(rows, created, updated, unchanged, true, List.copyOf(sorted)));
        }
        if (!sorted.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION, "导入被拒绝，共 " + sorted.size()
                    + " 处错误 import rejected: " + sorted.size() + " problems").withErrors(List.copyOf(sorted)));
        }
        return new ImportSummary(rows, created, updated, unchanged, false, List.of());
    }

    private static int lineOf(Problem.FieldError error) {
        String field = error.field();
        if (!field.startsWith("row ")) {
            return 0;
        }
        int end = field.indexOf(' ', 4);
        try {
            return Integer.parseInt(field.substring(4, end < 0 ? field.length() : end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
