package ch.srsconnect.shared.catalogue;

/** A rejected query parameter: its name as the caller sent it and an English message saying what is accepted. */
public record ParamError(String field, String message) {
}
