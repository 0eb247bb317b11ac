package dev.mutualtls.pki;

import dev.mutualtls.pki.internal.Crypto;
import dev.mutualtls.pki.internal.Names;
import dev.mutualtls.pki.internal.TrustManagers;
import dev.mutualtls.pki.internal.X509Minter;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;

/** A CA's delegated OCSP responder: EKU OCSPSigning and id-pkix-ocsp-nocheck, minted on first use. */
final class DelegatedResponder {
  private volatile Identity signer;

  Identity get(CertificateAuthority ca) {
    Identity minted = signer;
    if (minted == null) {
      synchronized (this) {
        minted = signer;
        if (minted == null) {
          minted = mint(ca);
          signer = minted;
        }
      }
    }
    return minted;
  }

  private static Identity mint(CertificateAuthority ca) {
    KeyType keyType = ca.keyType();
    CertificateSpec spec = CertificateSpec.builder()
        .subject(Names.principal("CN", "OCSP Responder for " + TrustManagers.commonName(ca.certificate()),
            "O", "mutualtls").getName())
        .keyType(keyType)
        .extendedKeyUsages(ExtendedKeyUsage.OCSP_SIGNING)
        .keyUsages(KeyUsage.DIGITAL_SIGNATURE)
        .build();
    KeyPair keys = Crypto.generate(keyType);
    X509Certificate certificate = X509Minter.mint(spec, keys.getPublic(), ca.issuer(), null,
        keyType.signatureAlgorithm(), builder -> {
          try {
            builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
          } catch (IOException e) {
            throw new IllegalStateException("cannot encode id-pkix-ocsp-nocheck", e);
          }
        });
    return new Identity(List.of(certificate), keys.getPrivate(), keyType);
  }
}
