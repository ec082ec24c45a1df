import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Three OpenSearch nodes in one JVM, for Waymark's cluster tests and chaos benchmark, with
 * a control port on 127.0.0.1 that takes one node down and brings it back, as losing a
 * machine would:
 *
 *   POST /nodes/N/stop    POST /nodes/N/start    (N is 1, 2 or 3)
 *
 * Arguments: the data folder, the base HTTP port (node N listens on base + N), the control
 * port.
 */
public class WaymarkCluster {
    public static void main(String[] args) throws IOException {
        String basePath = args[0];
        int baseHttpPort = Integer.parseInt(args[1]);
        int controlPort = Integer.parseInt(args[2]);
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        });
        runner.build("-basePath", basePath, "-numOfNode", "3",
                "-baseHttpPort", String.valueOf(baseHttpPort), "-clusterName", "waymark-cluster");

        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 0);
        control.createContext("/nodes/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            try {
                int index = Integer.parseInt(parts[2]) - 1;
                boolean done;
                if (parts.length == 4 && parts[3].equals("stop")) {
                    done = !runner.getNode(index).isClosed();
                    runner.getNode(index).close();
                } else if (parts.length == 4 && parts[3].equals("start")) {
                    done = runner.startNode(index);
                } else {
                    answer(exchange, 404, "POST /nodes/N/stop or /nodes/N/start\n");
                    return;
                }
                answer(exchange, 200, done ? "done\n" : "already so\n");
            } catch (RuntimeException error) {
                answer(exchange, 400, error + "\n");
            }
        });
        control.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            try {
                runner.close();
            } catch (IOException error) {
                System.err.println("Closing the cluster: " + error);
            }
        }));
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
