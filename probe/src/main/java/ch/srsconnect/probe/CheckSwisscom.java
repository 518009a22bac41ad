package ch.srsconnect.probe;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.LogContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./dev check-swisscom}: the conformance probe an SP runs once from a machine that reaches Swisscom. It makes each
 * call of docs/swisscom-contract.md with the product's own clients and prints one line per assumption (holds /
 * differs, with the setting that would fix a difference), then a verdict. Exit code 0 only when every assumption that
 * was checked holds. Personal data and secrets are never printed.
 */
public final class CheckSwisscom {
    static final String PREPROD_IDP = "https://ras-idp-dev.scapp.swisscom.com/oauth/token";
    static final String PREPROD_SRS = "https://miss-backend-api-preprod.scapp.swisscom.com";
    static final String PREPROD_RA = "https://ras.scapp.swisscom.com";
    static final String PREPROD_SMARTFLOWS = "https://smart-flow-api-preprod.scapp.swisscom.com";

    static final String USAGE = """
            usage: ./dev check-swisscom [options]
              --env preprod|prod        preprod (default) places and cancels a mock order (issuer test);
                                        prod makes read-only calls only and needs every URL
              --base-url URL            one base for IdP (URL/oauth/token), SRS, RA and Smart Flows (a simulator)
              --idp-url URL --srs-url URL --ra-url URL --smartflows-url URL   each one (default: Swisscom preprod)
              --credentials FILE        {"clientId","clientSecret"}; else $SRS_CLIENT_ID / $SRS_CLIENT_SECRET;
                                        preprod falls back to Swisscom's public test credentials
              --ra-certificate FILE     {"certificate","privateKey"[,"trustedCertificates"]} (PEM), as RaClientCertificateSecret;
                                        else $SRS_RA_CERTIFICATE_JSON (the same JSON)
              --msisdn NUMBER           your test number for the RA lookup and Smart Flows (default: the mock order's)
              --param Name=value        the product setting under test: RaAuth, IdpClientAuth, SwisscomAcceptOverrides
            """;

    private CheckSwisscom() {
    }

    public static void main(String[] args) {
        LogContext.setSink(line -> { });   // the product's own log lines are not the report
        System.exit(run(args, System.getenv(), System.out));
    }

    /** @return the exit code: 0 every checked assumption holds, 1 one differs, 2 bad usage */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        ProbeTarget target;
        try {
            target = target(args, env);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(USAGE);
            return 2;
        }
        out.println("srs-connect check-swisscom: " + (target.production() ? "prod (read-only)" : "preprod")
                + "  SRS " + target.srs() + "  RA " + target.ra() + "  settings " + target.settings());
        List<Finding> findings = new Probe(target).run();
        findings.forEach(f -> out.println(f.line()));
        long differ = findings.stream().filter(f -> f.verdict() == Finding.Verdict.DIFFERS).count();
        long held = findings.stream().filter(f -> f.verdict() == Finding.Verdict.HOLDS).count();
        long skipped = findings.size() - differ - held;
        out.println(differ == 0
                ? "verdict: every assumption checked holds (" + held + " held, " + skipped + " not checked)"
                : "verdict: " + differ + " assumption(s) differ; apply the fixes above (" + held + " held, " + skipped + " not checked)");
        return differ == 0 ? 0 : 1;
    }

    static ProbeTarget target(String[] args, Map<String, String> env) {
        Map<String, String> o = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("unexpected " + a);
            String v = args[++i];
            if (a.equals("--param")) {
                setting(settings, v);
            } else if (List.of("--env", "--base-url", "--idp-url", "--srs-url", "--ra-url", "--smartflows-url",
                    "--credentials", "--ra-certificate", "--msisdn").contains(a)) {
                o.put(a, v);
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        boolean prod = switch (o.getOrDefault("--env", "preprod")) {
            case "preprod" -> false;
            case "prod" -> true;
            default -> throw new IllegalArgumentException("--env must be preprod or prod");
        };
        String base = o.get("--base-url");
        URI idp = url(o, "--idp-url", base == null ? (prod ? null : PREPROD_IDP) : base + "/oauth/token");
        URI srs = url(o, "--srs-url", base != null ? base : prod ? null : PREPROD_SRS);
        URI ra = url(o, "--ra-url", base != null ? base : prod ? null : PREPROD_RA);
        URI sf = url(o, "--smartflows-url", base != null ? base : prod ? null : PREPROD_SMARTFLOWS);
        String[] creds = credentials(o.get("--credentials"), env, prod);
        String raCert = o.containsKey("--ra-certificate") ? read(o.get("--ra-certificate")) : env.get("SRS_RA_CERTIFICATE_JSON");
        return new ProbeTarget(idp, srs, ra, sf, creds[0], creds[1], raCert, settings, prod, o.get("--msisdn"));
    }

    private static void setting(Map<String, String> settings, String nameValue) {
        int eq = nameValue.indexOf('=');
        String name = eq < 0 ? nameValue : nameValue.substring(0, eq);
        String value = eq < 0 ? "" : nameValue.substring(eq + 1);
        String variable = switch (name) {
            case "RaAuth" -> EnvVar.RA_AUTH;
            case "IdpClientAuth" -> EnvVar.IDP_CLIENT_AUTH;
            case "SwisscomAcceptOverrides" -> EnvVar.SWISSCOM_ACCEPT;
            default -> throw new IllegalArgumentException("--param takes RaAuth, IdpClientAuth or SwisscomAcceptOverrides");
        };
        settings.put(variable, value);
    }

    private static URI url(Map<String, String> o, String option, String fallback) {
        String v = o.getOrDefault(option, fallback);
        if (v == null) throw new IllegalArgumentException(option + " (or --base-url) is required with --env prod");
        return URI.create(v.replaceAll("/$", ""));
    }

    private static String[] credentials(String file, Map<String, String> env, boolean prod) {
        if (file != null) {
            try {
                JsonNode n = Json.parse(read(file));
                return new String[] {n.path("clientId").asText(""), n.path("clientSecret").asText("")};
            } catch (IOException e) {
                throw new IllegalArgumentException("--credentials " + file + " is not JSON {\"clientId\",\"clientSecret\"}");
            }
        }
        if (env.containsKey("SRS_CLIENT_ID") && env.containsKey("SRS_CLIENT_SECRET")) {
            return new String[] {env.get("SRS_CLIENT_ID"), env.get("SRS_CLIENT_SECRET")};
        }
        if (prod) throw new IllegalArgumentException("--credentials FILE or $SRS_CLIENT_ID/$SRS_CLIENT_SECRET is required with --env prod");
        return new String[] {"missswaggerclient", "missswaggerclientsecret"};   // public preprod test credentials (guide)
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file);
        }
    }
}
