package dev.mutualtls.junit.internal;

import dev.mutualtls.junit.ClientCertificates;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;

/**
 * Puts the client certificate's identity into request headers, after Jetty's {@code SecureRequestCustomizer}
 * has exposed the chain, so that WireMock stubs can match on it and its journal shows who called. Copies
 * of these headers sent by the client are removed first: no client can claim another's identity.
 */
final class ClientCertificateHeaders implements HttpConfiguration.Customizer {

  @Override
  public void customize(Connector connector, HttpConfiguration configuration, Request request) {
    HttpFields.Mutable fields = HttpFields.build(request.getHttpFields());
    for (String name : ClientCertificates.HEADERS) {
      fields.remove(name);
    }
    Object chain = request.getAttribute(SecureRequestCustomizer.JAKARTA_SERVLET_REQUEST_X_509_CERTIFICATE);
    if (chain instanceof X509Certificate[] && ((X509Certificate[]) chain).length > 0) {
      X509Certificate leaf = ((X509Certificate[]) chain)[0];
      fields.put(ClientCertificates.SUBJECT, leaf.getSubjectX500Principal().getName());
      String commonName = commonName(leaf);
      if (commonName != null) {
        fields.put(ClientCertificates.COMMON_NAME, commonName);
      }
      for (String uri : uris(leaf)) {
        fields.add(ClientCertificates.URI_SAN, uri);
      }
      fields.put(ClientCertificates.ISSUER, leaf.getIssuerX500Principal().getName());
    }
    request.setHttpFields(fields);
  }

  /** The subject's most specific common name, or null. */
  private static String commonName(X509Certificate certificate) {
    try {
      List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
      return null;
    } catch (InvalidNameException e) {
      return null;
    }
  }

  /** The URI subject alternative names (general name type 6), such as SPIFFE IDs. */
  private static List<String> uris(X509Certificate certificate) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (Integer.valueOf(6).equals(name.get(0))) {
            uris.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // a certificate the TLS stack accepted but whose names do not parse: no URI headers
    }
    return uris;
  }
}
