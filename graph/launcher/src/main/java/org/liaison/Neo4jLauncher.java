package org.liaison;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with Bolt on 127.0.0.1 and authentication on, until it is sent SIGTERM.
 *
 * <p>Arguments: {@code HOME PORT}. The password of the {@code neo4j} user comes from the environment
 * variable {@code NEO4J_PASSWORD} so that it never shows in the process list. Exit codes: 2 bad usage,
 * 3 port taken, 4 start-up failed.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            fail(2, "usage: Neo4jLauncher HOME PORT (and NEO4J_PASSWORD in the environment)");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = parsePort(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail(2, "NEO4J_PASSWORD must be set to at least 8 characters");
        }
        ensurePortFree(port);
        Files.createDirectories(home);

        DatabaseManagementService service;
        try {
            if (!Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"))) {
                // First start: set the password with Bolt closed, so the default neo4j/neo4j never listens.
                DatabaseManagementService offline = builder(home, port, false).build();
                setPassword(offline, password);
                offline.shutdown();
            }
            service = builder(home, port, true).build();
        } catch (RuntimeException e) {
            fail(4, "Neo4j could not start: " + rootMessage(e));
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "liaison-neo4j-shutdown"));

        // The password may have changed since the last start; the configured one always wins.
        setPassword(service, password);
        System.out.println("liaison-neo4j ready on bolt://127.0.0.1:" + port + " (home " + home + ")");
        System.out.flush();
        stopped.await();
    }

    private static DatabaseManagementServiceBuilder builder(Path home, int port, boolean bolt) {
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, bolt)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                    // A stop should take seconds, not the default quarter-minute of grace periods.
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    // One plan per question, not one per size class of its lists and texts: with Neo4j's default
                    // a question asked with 1, 3 or 12 countries, or a short or long name, was planned afresh for
                    // each (seconds on a busy server), and missed the plan made before users asked (graph/warm.py).
                    .setConfig(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false);
        Duration replan = minReplanInterval();
        return replan == null ? builder : builder.setConfig(GraphDatabaseSettings.cypher_min_replan_interval, replan);
    }

    /**
     * How long a query's plan is kept before a change in the graph's size may make Cypher plan it again
     * (LIAISON_NEO4J_MIN_REPLAN_SECONDS), or null when unset: Neo4j's own default then holds. The tests empty and
     * refill the graph all the time, which would have the same questions planned again every few seconds.
     */
    private static Duration minReplanInterval() {
        String configured = System.getenv("LIAISON_NEO4J_MIN_REPLAN_SECONDS");
        if (configured == null || configured.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(configured.trim());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail(2, "LIAISON_NEO4J_MIN_REPLAN_SECONDS must be a whole number of seconds, got '" + configured + "'");
        return Duration.ZERO;
    }

    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to "change" a password to itself; that one is already in force.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                service.shutdown();
                fail(4, "Neo4j could not set the password of user neo4j: " + rootMessage(e));
            }
        }
    }

    private static long pageCacheBytes() {
        String configured = System.getenv("LIAISON_NEO4J_PAGECACHE_MB");
        long megabytes = configured == null || configured.isBlank() ? 256 : Long.parseLong(configured.trim());
        return ByteUnit.mebiBytes(megabytes);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail(2, "PORT must be a number from 1 to 65535, got '" + text + "'");
        return -1;
    }

    private static void ensurePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            fail(3, "port " + port + " on 127.0.0.1 is already in use; stop what uses it or choose another port");
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static void fail(int code, String message) {
        System.err.println("liaison-neo4j: " + message);
        System.exit(code);
    }
}
