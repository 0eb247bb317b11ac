import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.security.KeyFactory
import java.security.KeyStore
import java.security.Signature
import java.security.cert.CertificateFactory
import java.security.spec.PKCS8EncodedKeySpec
import java.time.Duration
import java.time.Instant

def dir = new File(basedir, 'target/certs')
assert !new File(basedir, 'target/mutualtls').exists()
def identities = ['server', 'alice', 'bob', 'client-expired', 'client-wrong-extended-key-usage',
                  'client-missing-intermediate', 'client-revoked', 'server-hostname-mismatch']
def expected = (['ca.pem', 'ca-key.pem', 'crl.pem', 'fixtures.properties', 'truststore.p12'] +
    identities.collectMany { ["${it}.pem", "${it}-key.pem", "${it}.p12"]*.toString() }).sort()
assert dir.list().sort() == expected: 'PEM and PKCS12 only: no .jks at all'

def mode = { String name -> PosixFilePermissions.toString(Files.getPosixFilePermissions(new File(dir, name).toPath())) }
assert mode('ca-key.pem') == 'rw-------'
identities.each { assert mode("${it}-key.pem") == 'rw-------' && mode("${it}.p12") == 'rw-------' }

def index = new Properties()
new File(dir, 'fixtures.properties').withReader('UTF-8') { index.load(it) }
def get = { String key -> index.getProperty(key) }
assert get('identities') == identities.join(',')
assert get('keyType') == 'EC_P384'
assert get('password') == 's3cret-fixtures'
assert get('ca.key') == 'ca-key.pem'
assert get('truststore.jks') == null

def factory = CertificateFactory.getInstance('X.509')
def certificates = { String name -> new File(dir, name).withInputStream { factory.generateCertificates(it) as List } }
def leaf = { String name -> certificates("${name}.pem")[0] }
def ca = certificates('ca.pem')[0]
assert ca.publicKey.params.curve.field.fieldSize == 384

// ca-key.pem is the CA's own key: what it signs, the CA certificate's key verifies
def caKey = KeyFactory.getInstance('EC').generatePrivate(new PKCS8EncodedKeySpec(
    Base64.mimeDecoder.decode(new File(dir, 'ca-key.pem').text.replaceAll(/-----[A-Z ]+-----/, ''))))
def signer = Signature.getInstance('SHA384withECDSA')
signer.initSign(caKey); signer.update('fixture'.bytes)
def signature = signer.sign()
def verifier = Signature.getInstance('SHA384withECDSA')
verifier.initVerify(ca.publicKey); verifier.update('fixture'.bytes)
assert verifier.verify(signature)

def server = leaf('server')
assert server.subjectX500Principal.name == 'CN=api.example.test,O=mutualtls'
assert get('server.sans') == 'DNS:api.example.test,DNS:*.svc.example.test,IP:127.0.0.1'
assert server.publicKey.params.curve.field.fieldSize == 384
def week = Duration.between(Instant.now(), server.notAfter.toInstant())
assert week > Duration.ofDays(6) && week <= Duration.ofDays(7): 'validityDays 7'

['alice', 'bob'].each { name ->
  def cert = leaf(name)
  cert.verify(ca.publicKey)
  assert cert.subjectX500Principal.name == "CN=${name},O=mutualtls".toString()
  assert cert.extendedKeyUsage == ['1.3.6.1.5.5.7.3.2']
  def store = KeyStore.getInstance('PKCS12')
  new File(dir, "${name}.p12").withInputStream { store.load(it, 's3cret-fixtures'.toCharArray()) }
  assert store.getCertificate('mutualtls') == cert
}

// each defect is there, and is exactly that defect
def expired = leaf('client-expired')
assert get('client-expired.defect') == 'EXPIRED' && get('client-expired.role') == 'client'
assert expired.notAfter.toInstant().isBefore(Instant.now())
expired.verify(ca.publicKey)

assert leaf('client-wrong-extended-key-usage').extendedKeyUsage == ['1.3.6.1.5.5.7.3.1']

def orphan = certificates('client-missing-intermediate.pem')
assert orphan.size() == 1: 'the intermediate is withheld'
assert orphan[0].issuerX500Principal != ca.subjectX500Principal

def crl = new File(dir, 'crl.pem').withInputStream { factory.generateCRL(it) }
crl.verify(ca.publicKey)
assert crl.isRevoked(leaf('client-revoked'))
assert !crl.isRevoked(leaf('alice'))
assert get('crl') == 'crl.pem' && get('crl.nextUpdate') == crl.nextUpdate.toInstant().toString()

assert get('server-hostname-mismatch.role') == 'server'
assert get('server-hostname-mismatch.defect') == 'HOSTNAME_MISMATCH'
assert get('server-hostname-mismatch.sans') == 'DNS:wrong.example'
