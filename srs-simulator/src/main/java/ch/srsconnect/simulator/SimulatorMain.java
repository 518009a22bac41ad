package ch.srsconnect.simulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar srs-simulator.jar [--port 8090] [--time-scale 60] [--legacy-methods] [--token-ttl 3600] ...}. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    static final String USAGE = """
            Usage: java -jar srs-simulator.jar [options]
              --port N              port to listen on (default 8090; 0 = any free port)
              --bind ADDRESS        address to bind (default 127.0.0.1)
              --time-scale F        divide real identification durations by F (default 60)
              --legacy-methods      also offer the v1.4 methods AUTHADA/eID and KLARNA/bankident
              --new-methods         also offer swisscom-nfc/nfc, a method the product's catalogue does not know
              --token-ttl SECONDS   lifetime of issued access tokens (default 3600)
              --client ID:SECRET    accept another client id/secret (repeatable)
              --default-outcome O   outcome for orders no rule matches (success, error, ...);
                                    default: wait for the tester's choice at the target URL
              --variant-status-spelling
                                    spell statuses as older guides do (Terminated, cancelled, ...)
              --seed N              seed for ratio faults (default 42)
              --ra-auth MODE        RA authentication: mtls (default; HTTPS with a dev-PKI client
                                    certificate), bearer (SRS token) or none
              --pki-dir DIR         where the dev PKI is generated and kept (default: temp directory)
              --contract-variant V   answer with a plausible alternative of an assumed detail:
                                    idp-form, accept-json, ra-bearer, no-callback, status-field,
                                    providers-field (what ./dev check-swisscom must detect)
              --mock-orders-without-callback
                                    mock orders (issuer test) show their outcome on every GET
                                    (default: only after GET .../callback, as in SRS preprod)
              --help                print this help
            """;

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        SrsSimulator sim = SrsSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println(describe(sim));
        stopped.await();
    }

    /** Options from the command line; null when help was asked for. */
    static SimulatorOptions parse(String[] args) {
        SimulatorOptions o = SimulatorOptions.defaults().port(8090).timeScale(60);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> o = o.port(intArg(args, ++i, a));
                case "--bind" -> o = o.bindAddress(arg(args, ++i, a));
                case "--time-scale" -> o = o.timeScale(doubleArg(args, ++i, a));
                case "--legacy-methods" -> o = o.legacyMethods(true);
                case "--new-methods" -> o = o.newMethods(true);
                case "--variant-status-spelling" -> o = o.variantStatusSpelling(true);
                case "--token-ttl" -> o = o.tokenTtlSeconds(intArg(args, ++i, a));
                case "--seed" -> o = o.seed(intArg(args, ++i, a));
                case "--ra-auth" -> o = o.raAuth(arg(args, ++i, a));
                case "--mock-orders-without-callback" -> o = o.mockOrdersNeedCallback(false);
                case "--contract-variant" -> o = o.contractVariant(arg(args, ++i, a));
                case "--pki-dir" -> o = o.pkiDir(Path.of(arg(args, ++i, a)));
                case "--default-outcome" -> o = o.defaultOutcome(arg(args, ++i, a));
                case "--client" -> {
                    String v = arg(args, ++i, a);
                    int colon = v.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("--client needs ID:SECRET");
                    }
                    o = o.credential(v.substring(0, colon), v.substring(colon + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return o;
    }

    private static String arg(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int intArg(String[] args, int i, String name) {
        try {
            return Integer.parseInt(arg(args, i, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer: " + args[i]);
        }
    }

    private static double doubleArg(String[] args, int i, String name) {
        try {
            return Double.parseDouble(arg(args, i, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number: " + args[i]);
        }
    }

    static String describe(SrsSimulator sim) {
        StringBuilder sb = new StringBuilder();
        sb.append("SRS simulator listening on ").append(sim.baseUrl()).append('\n');
        sb.append("  ").append(sim.options()).append('\n');
        sb.append("  IdP token URL : ").append(sim.baseUrl()).append("/oauth/token\n");
        sb.append("  SRS base URL  : ").append(sim.baseUrl()).append('\n');
        sb.append("  RA base URL   : ").append(sim.raBaseUrl()).append(" (").append(sim.options().raAuth())
                .append(sim.devPki().map(p -> "; client certificate, key and CA as a secret value: " + p.secretFile()).orElse(""))
                .append(")\n");
        sb.append("  Smart Flows   : ").append(sim.baseUrl()).append('\n');
        sb.append("  credentials   : ").append(SrsSimulator.PREPROD_CLIENT_ID).append(" / ")
                .append(SrsSimulator.PREPROD_CLIENT_SECRET).append(" (also ").append(SrsSimulator.V14_CLIENT_ID)
                .append(" / ").append(SrsSimulator.V14_CLIENT_SECRET).append(")\n");
        sb.append("  endpoints:\n");
        for (String e : sim.endpoints()) {
            sb.append("    ").append(e).append('\n');
        }
        return sb.toString();
    }
}
