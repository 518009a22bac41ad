package ch.srsconnect.local.gateway;

import java.util.List;

/**
 * One HttpApi route: {@code method} (or {@code ANY}) and {@code path} with {@code {param}} / {@code {proxy+}}
 * segments, the function behind it, and the authorizer that guards it ({@code null}: none).
 */
public record Route(String method, String path, String functionName, Invoker invoker, String authorizer,
                    List<String> authorizationScopes) {
    public Route {
        method = method.toUpperCase(java.util.Locale.ROOT);
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) method = "ANY";
        authorizationScopes = authorizationScopes == null ? List.of() : List.copyOf(authorizationScopes);
    }

    public String routeKey() {
        return method + " " + path;
    }
}
