package io.wangge.platform.rest;

/**
 * Optimistic locking over HTTP: a resource's version is its strong ETag ({@code "3"}); an update must send it
 * back in {@code If-Match}. Without it the update is refused (428) rather than risk a lost update.
 */
public final class Preconditions {

    private Preconditions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** Checks {@code If-Match} against the current version: 428 if missing, 412 if stale. */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "更新需要 If-Match 头（当前版本的 ETag） an update needs If-Match with the current ETag");
        }
        String expected = etag(currentVersion);
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(expected) || tag.equals("W/" + expected)) {
                return;
            }
        }
        throw new ProblemException(Problem.of(ProblemType.PRECONDITION_FAILED,
                        "数据已更新为版本 " + currentVersion + "，请刷新后重试 the resource is now at version " + currentVersion)
                .withCurrent(java.util.Map.of("version", currentVersion, "etag", expected)));
    }
}
