package dev.mutualtls.maven.internal;

/** The file formats {@code mutualtls:generate} can write each identity and trust store in. */
public enum Format {
  /** {@code <name>.pem} (certificate chain, leaf first) and {@code <name>-key.pem} (unencrypted PKCS#8). */
  PEM,
  /** {@code <name>.p12} (key and chain, alias {@code mutualtls}) and {@code truststore.p12}. */
  PKCS12,
  /** {@code <name>.jks} (key and chain, alias {@code mutualtls}) and {@code truststore.jks}. */
  JKS
}
