package dev.mutualtls.junit.internal;

import dev.mutualtls.junit.ClientCertificates;
import dev.mutualtls.pki.internal.TrustManagers;
import java.security.cert.X509Certificate;
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
      String commonName = TrustManagers.commonName(leaf);
      if (commonName != null) {
        fields.put(ClientCertificates.COMMON_NAME, commonName);
      }
      for (String uri : TrustManagers.subjectAltNames(leaf, 6)) {
        fields.add(ClientCertificates.URI_SAN, uri);
      }
      fields.put(ClientCertificates.ISSUER, leaf.getIssuerX500Principal().getName());
    }
    request.setHttpFields(fields);
  }
}
