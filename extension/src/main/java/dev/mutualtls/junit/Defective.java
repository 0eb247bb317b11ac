package dev.mutualtls.junit;

import dev.mutualtls.pki.Defect;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects a deliberately broken client on a {@link MutualTlsClient}, {@code Identity} or {@code SSLContext}
 * parameter: {@code @Defective(Defect.EXPIRED) MutualTlsClient expired} presents a certificate with exactly that
 * defect, everything else valid, and the server refuses it with the defect's {@code Reason}.
 *
 * <p>{@link Defect#NO_CERTIFICATE} yields a client that presents nothing: its {@link MutualTlsClient#identity()}
 * throws, its key store is empty, and it cannot be injected as an {@code Identity}.
 * {@link Defect#HOSTNAME_MISMATCH} breaks a server certificate: it can be injected only as an {@code Identity},
 * for tests of a client of your own. Within one class every parameter with the same defect gets the same client.
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Defective {
  /** The defect. */
  Defect value();
}
