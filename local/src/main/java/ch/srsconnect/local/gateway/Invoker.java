package ch.srsconnect.local.gateway;

import ch.srsconnect.local.lambda.InvocationResult;

import java.util.concurrent.CompletableFuture;

/** What a route integrates with: a function taking a JSON event. {@link ch.srsconnect.local.lambda.LambdaFunction} is one. */
@FunctionalInterface
public interface Invoker {
    CompletableFuture<InvocationResult> invoke(byte[] event);
}
