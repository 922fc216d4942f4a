package io.wangge.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a grid group's WeCom robot: takes the robot's JSON posts ({@code msgtype} text) on this machine
 * and answers as the robot does; keeps the texts it was sent.
 */
final class GroupRobot implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> texts = new CopyOnWriteArrayList<>();

    private GroupRobot() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/cgi-bin/webhook/send", exchange -> {
            JsonNode message = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if ("text".equals(message.path("msgtype").asText())) {
                texts.add(message.path("text").path("content").asText());
            }
            byte[] reply = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    static GroupRobot start() {
        return new GroupRobot();
    }

    /** The address a node's webhook is set to, with a key as the robot's have. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/webhook/send?key=e2e-"
                + Integer.toHexString(System.identityHashCode(this)) + "-robot-key";
    }

    List<String> texts() {
        return List.copyOf(texts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
