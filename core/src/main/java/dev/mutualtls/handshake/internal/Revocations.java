package dev.mutualtls.handshake.internal;

import dev.mutualtls.handshake.Reason;
import dev.mutualtls.handshake.RevocationCheck;
import dev.mutualtls.pki.CertificateAuthority;
import dev.mutualtls.pki.Side;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Revocation checking over the network with the JDK's own PKIXRevocationChecker. */
public final class Revocations {
  /** Connect and read timeout for fetching a CRL. */
  public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private Revocations() {}

  /**
   * Validates {@code chain} against {@code trusted}'s root with revocation checking of the end entity.
   *
   * @param stapled OCSP responses the peer stapled (may be empty)
   */
  public static void check(Side role, X509Certificate[] chain, CertificateAuthority trusted, RevocationCheck mode,
      boolean softFail, List<byte[]> stapled) throws CertificateRejection {
    List<String> problems = new ArrayList<>();
    try {
      CertPathValidator validator = CertPathValidator.getInstance("PKIX");
      PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
      Set<PKIXRevocationChecker.Option> options = EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
          PKIXRevocationChecker.Option.NO_FALLBACK);
      if (mode == RevocationCheck.CRL) {
        options.add(PKIXRevocationChecker.Option.PREFER_CRLS);
      }
      if (softFail) {
        options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
      }
      checker.setOptions(options);
      if (mode == RevocationCheck.OCSP && stapled != null && !stapled.isEmpty()) {
        checker.setOcspResponses(Map.of(chain[0], stapled.get(0)));
      }
      PKIXBuilderParameters parameters = trusted.pkixParameters();
      parameters.addCertPathChecker(checker);
      if (mode == RevocationCheck.CRL) {
        List<CRL> crls = new ArrayList<>();
        for (URI uri : distributionPoints(chain[0])) {
          try {
            crls.add(fetch(uri));
          } catch (IOException | GeneralSecurityException e) {
            problems.add("the CRL at " + uri + " could not be fetched (" + e + ")");
          }
        }
        if (crls.isEmpty() && problems.isEmpty()) {
          problems.add("the certificate names no CRL distribution point");
        }
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
      }
      List<X509Certificate> certificates = new ArrayList<>(Arrays.asList(chain));
      X509Certificate last = certificates.get(certificates.size() - 1);
      if (certificates.size() > 1 && last.equals(trusted.root())) {
        certificates.remove(certificates.size() - 1);
      }
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(certificates);
      validator.validate(path, parameters);
    } catch (CertPathValidatorException e) {
      CertificateRejection rejection = Judge.classify(role, chain, new CertificateException(e.getMessage(), e),
          trusted, null);
      if (problems.isEmpty() || rejection.reason() != Reason.REVOCATION_UNKNOWN) {
        throw rejection;
      }
      throw new CertificateRejection(Reason.REVOCATION_UNKNOWN, "the revocation status of "
          + Judge.describe(role, chain[0]) + " could not be determined: " + String.join("; ", problems),
          rejection.chain(), e);
    } catch (GeneralSecurityException e) {
      throw new CertificateRejection(Reason.OTHER, "revocation checking failed: " + e, Arrays.asList(chain), e);
    }
  }

  /** The URIs of the certificate's CRL distribution points. */
  public static List<URI> distributionPoints(X509Certificate certificate) {
    List<URI> uris = new ArrayList<>();
    byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
    if (value == null) {
      return uris;
    }
    CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
    for (DistributionPoint point : points.getDistributionPoints()) {
      DistributionPointName name = point.getDistributionPoint();
      if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
        for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
          if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
            uris.add(URI.create(general.getName().toString()));
          }
        }
      }
    }
    return uris;
  }

  private static CRL fetch(URI uri) throws IOException, GeneralSecurityException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout((int) FETCH_TIMEOUT.toMillis());
    connection.setReadTimeout((int) FETCH_TIMEOUT.toMillis());
    try (InputStream in = connection.getInputStream()) {
      return CertificateFactory.getInstance("X.509").generateCRL(in);
    } finally {
      connection.disconnect();
    }
  }
}
