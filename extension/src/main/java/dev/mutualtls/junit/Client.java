package dev.mutualtls.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects a named client on a {@link MutualTlsClient}, {@code Identity} or {@code SSLContext} parameter:
 * {@code @Client("alice") MutualTlsClient alice} presents {@code CN=alice,O=mutualtls}, issued by the test's
 * CA. The name must be the default client's ({@code client}) or be declared in {@link MutualTls#clients()}
 * (or the configuration parameter {@code mutualtls.clients}), so that a typo fails loudly. Within one class
 * every parameter with the same name gets the same client.
 */
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Client {
  /** The client's name, which becomes its certificate's common name. */
  String value();
}
