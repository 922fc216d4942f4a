package io.wangge.task.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Posts a notice to a webhook as a WeCom group robot takes it: {@code {"msgtype":"text","text":{"content":…}}} in
 * UTF-8. Delivered means a 2xx answer whose body, if it is the robot's JSON, carries {@code errcode} 0 (the robot
 * answers 200 with an error code when it refuses a message).
 */
@ApplicationScoped
public class WebhookNotifier implements Notifier {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WHOLE_POST = Duration.ofSeconds(8);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    ObjectMapper json;

    @Override
    public void send(URI address, String text) throws Refused {
        HttpResponse<String> answer;
        java.util.concurrent.CompletableFuture<HttpResponse<String>> sending = null;
        try {
            byte[] body = json.writeValueAsBytes(Map.of("msgtype", "text", "text", Map.of("content", text)));
            sending = http.sendAsync(HttpRequest.newBuilder(address).timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // the request timeout ends at the answer's headers; a body that trickles in is bounded here
            answer = sending.get(WHOLE_POST.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new Refused(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Refused(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            sending.cancel(true);
            throw new Refused("no whole answer within " + WHOLE_POST.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
        if (answer.statusCode() / 100 != 2) {
            throw new Refused("HTTP " + answer.statusCode());
        }
        JsonNode reply = parse(answer.body());
        if (reply != null && reply.has("errcode") && reply.path("errcode").asInt(-1) != 0) {
            throw new Refused("errcode " + reply.path("errcode").asText() + ": " + reply.path("errmsg").asText());
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException notJson) {
            return null; // a plain webhook may answer anything with its 2xx
        }
    }
}
