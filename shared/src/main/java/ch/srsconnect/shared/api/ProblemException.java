package ch.srsconnect.shared.api;

/** Thrown by use cases to stop with a client-facing {@link Problem}; handlers map it with {@link Problem#toResponse()}. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.status() + " " + problem.slug() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
