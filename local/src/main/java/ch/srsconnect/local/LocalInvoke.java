package ch.srsconnect.local;

import ch.srsconnect.local.lambda.InvocationResult;
import ch.srsconnect.local.lambda.LambdaFunction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ./dev invoke <LogicalId> -e events/<file>.json}: what {@code sam local invoke} does, without Docker. One
 * function of template.yaml, its environment pointed at the embedded stand-ins and the simulator (the local runtime's
 * wiring, without its schedules and SQS pollers), run once under Lambda's runtime interface client with the event;
 * prints the function's log lines and its response. Exit code 0 when the function answered, 1 on a function error.
 */
public final class LocalInvoke {

    /** One invocation: the function's answer and the lines its JVM wrote meanwhile. */
    public record Invocation(String functionId, Path event, InvocationResult result, List<String> logLines) {}

    private LocalInvoke() {}

    /** Invokes each (function, event) in one local runtime: each function's JVM starts once. */
    public static List<Invocation> invokeAll(LocalRuntimeOptions options, List<String> functionIds, List<Path> events) {
        if (functionIds.size() != events.size()) throw new IllegalArgumentException("one event per function");
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Invocation> out = new ArrayList<>();
        try (LocalRuntime rt = LocalRuntime.start(options.eventSources(false).log(lines::add))) {
            for (int i = 0; i < events.size(); i++) {
                String id = functionIds.get(i);
                LambdaFunction fn = rt.functions().get(id);
                if (fn == null) {
                    throw new IllegalArgumentException(id + " is not a function of " + options.templatePath().getFileName()
                            + " (functions: " + String.join(", ", rt.functions().keySet()) + ")");
                }
                String event = read(events.get(i));
                lines.clear();
                InvocationResult result = fn.invokeSync(event);
                settle(lines);
                String prefix = "[" + fn.spec().name() + "] ";
                List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
                out.add(new Invocation(id, events.get(i), result, own));
            }
        }
        return out;
    }

    /** The JVM's output pipe may still carry lines written before the response: wait until it is quiet (≤ 1 s). */
    private static void settle(List<String> lines) {
        int seen = -1;
        for (int i = 0; i < 10 && lines.size() != seen; i++) {
            seen = lines.size();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String read(Path event) {
        try {
            return Files.readString(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event " + event + ": " + e.getMessage());
        }
    }

    static final String USAGE = """
            usage: ./dev invoke <LogicalId> -e events/<file>.json [--param Name=Value]... [--secret LogicalId=json]
                                [--template template.yaml] [--time-scale N]
            Runs one function of the template once with the event (what `sam local invoke` does, without Docker),
            against the SRS simulator and the embedded AWS stand-ins; prints its log lines and its response.""";

    public static void main(String[] args) {
        String functionId = null;
        Path event = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-e", "--event" -> {
                    if (i + 1 >= args.length) fail(args[i] + " needs a file");
                    event = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        // a local runtime option; all but --eager take a value
                        rest.add(args[i]);
                        if (!args[i].equals("--eager") && i + 1 < args.length) rest.add(args[++i]);
                    } else if (functionId == null) {
                        functionId = args[i];
                    } else {
                        fail("unexpected argument " + args[i] + "\n" + USAGE);
                    }
                }
            }
        }
        if (functionId == null || event == null) fail("name a function and an event\n" + USAGE);
        LocalRuntimeOptions options;
        try {
            options = LocalRuntime.parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + "\n" + USAGE);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        Path base = options.projectRoot();
        Path eventPath = event.isAbsolute() ? event : Path.of("").toAbsolutePath().resolve(event);
        if (!Files.isRegularFile(eventPath)) eventPath = base.resolve(event);
        Invocation inv;
        try {
            inv = invokeAll(options.port(0), List.of(functionId), List.of(eventPath)).getFirst();
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        inv.logLines().forEach(System.out::println);
        System.out.println(inv.result().error()
                ? "function error " + inv.result().errorType() + ": " + inv.result().payloadText()
                : inv.result().payloadText());
        System.exit(inv.result().error() ? 1 : 0);
    }

    private static void fail(String message) {
        System.err.println("invoke: " + message);
        System.exit(2);
    }
}
