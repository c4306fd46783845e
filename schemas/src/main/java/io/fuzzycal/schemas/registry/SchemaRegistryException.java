package io.fuzzycal.schemas.registry;

/**
 * A registry request that failed: an error answer (with the registry's HTTP status and Confluent
 * {@code error_code}, for example 40401 subject not found, 40403 schema not found, 409
 * incompatible, 42201 invalid schema), or a registry that could not be reached (status 0).
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent's codes, used by the in-memory registry too so callers can branch on them. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
    }

    /** The HTTP status of the registry's answer; 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}; the HTTP status when the answer had none; 0 when no answer came. */
    public int errorCode() {
        return errorCode;
    }
}
