package dev.mutualtls.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects, on an {@code Identity} parameter, the server identity of the test's CA: the certificate (for the
 * {@link MutualTls#hostnames() host names}) and key that {@link MutualTlsServer} presents, for tests that run
 * a server of their own that the injected clients should trust.
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServerIdentity {}
