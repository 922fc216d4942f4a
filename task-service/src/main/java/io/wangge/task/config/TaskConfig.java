package io.wangge.task.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often task-service's clock-driven jobs run (Quarkus scheduler intervals such as {@code 60s}, or {@code off}).
 * The jobs read these through their {@code @Scheduled} expressions; the mapping names them, so a mistyped key fails
 * the start rather than being ignored.
 */
@ConfigMapping(prefix = "wangge.task")
public interface TaskConfig {

    /** Marking tasks overdue. */
    @WithDefault("60s")
    String overdueCheck();

    /** Casting recurring key work anew. */
    @WithDefault("5m")
    String recurrenceCheck();

    /** The supervision (督办) sweep; tests sweep themselves with the clock they set, so it is off there. */
    @WithDefault("60s")
    String supervisionCheck();

    /** Sending the notices that are due to their webhooks; tests send themselves, so it is off there. */
    @WithDefault("15s")
    String noticeDelivery();

    /**
     * When notices wait rather than wake people: {@code HH:mm-HH:mm} in Asia/Shanghai (wrapping midnight if the
     * start is later than the end), or {@code off}.
     */
    @WithDefault("22:00-07:00")
    String quietHours();

    /** The hosts a webhook may point at (a WeCom group robot's by default): nothing else is posted to. */
    @WithDefault("qyapi.weixin.qq.com")
    java.util.List<String> webhookHosts();

    /** Whether a webhook may be plain http (this machine's stand-in robots); a deployment wants https only. */
    @WithDefault("false")
    boolean webhookAllowHttp();
}
