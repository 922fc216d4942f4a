package io.wangge.platform.rest;

/** The kinds of problem every Wangge API can answer with; the URNs are part of the API and never change. */
public enum ProblemType {
    VALIDATION(400, "请求参数不合法 Invalid request"),
    MALFORMED_REQUEST(400, "请求格式错误 Malformed request"),
    UNAUTHORIZED(401, "未认证 Authentication required"),
    FORBIDDEN(403, "无权操作 Forbidden"),
    NOT_FOUND(404, "未找到 Not found"),
    METHOD_NOT_ALLOWED(405, "方法不允许 Method not allowed"),
    NOT_ACCEPTABLE(406, "无法提供该格式 Not acceptable"),
    CONFLICT(409, "状态冲突 Conflict"),
    PRECONDITION_FAILED(412, "版本不匹配 Precondition failed"),
    LENGTH_REQUIRED(411, "须注明请求体长度 Length required"),
    PAYLOAD_TOO_LARGE(413, "请求体过大 Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "不支持的内容类型 Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "幂等键已用于另一请求 Idempotency-Key reused"),
    PRECONDITION_REQUIRED(428, "需要 If-Match Precondition required"),
    INTERNAL(500, "服务器内部错误 Internal error");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:wangge:problem:" + name().toLowerCase().replace('_', '-');
    }
}
