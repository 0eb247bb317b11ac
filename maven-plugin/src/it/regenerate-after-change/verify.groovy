import java.nio.file.Files
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.time.OffsetDateTime

def log = new File(basedir, 'build.log').readLines()
def starts = log.findAll { it.contains('Scanning for projects') }
assert starts.size() == 2
def secondStart = OffsetDateTime.parse(starts[1].split(' ')[0]).toInstant()

def generated = log.findAll { it.contains('Generated mutualtls fixtures in') }
assert generated.size() == 2
assert generated[0].contains('because there was no fixture set yet: 12 files for ca, server, client (EC_P256')
assert generated[1].contains('because the configuration changed: 16 files for ca, server, alice, bob (RSA_2048')
assert !log.any { it.contains('are up to date') }

def dir = new File(basedir, 'target/mutualtls')
def expected = ['alice-key.pem', 'alice.jks', 'alice.p12', 'alice.pem', 'bob-key.pem', 'bob.jks', 'bob.p12', 'bob.pem',
                'ca.pem', 'fixtures.properties', 'server-key.pem', 'server.jks', 'server.p12', 'server.pem',
                'truststore.jks', 'truststore.p12']
assert dir.list().sort() == expected: 'the old set is gone whole: no client.* is left over'
dir.listFiles().each {
  assert Files.getLastModifiedTime(it.toPath()).toInstant().isAfter(secondStart): "${it.name} is from the old set"
}
assert !new File(basedir, 'target').list().any { it.startsWith('.mutualtls') }

def factory = CertificateFactory.getInstance('X.509')
def ca = new File(dir, 'ca.pem').withInputStream { factory.generateCertificate(it) }
['server', 'alice', 'bob'].each { name ->
  def cert = new File(dir, "${name}.pem").withInputStream { factory.generateCertificate(it) }
  assert cert.publicKey.algorithm == 'RSA' && cert.publicKey.modulus.bitLength() == 2048
  assert cert.sigAlgName == 'SHA256withRSA'
  assert cert.keyUsage[0] && cert.keyUsage[2]: 'RSA leaves carry digitalSignature and keyEncipherment'
  cert.verify(ca.publicKey)
}
def trust = KeyStore.getInstance('JKS')
new File(dir, 'truststore.jks').withInputStream { trust.load(it, 'changeit'.toCharArray()) }
assert trust.getCertificate('mutualtls-root') == ca: 'the trust store belongs to the new CA'

def index = new Properties()
new File(dir, 'fixtures.properties').withReader('UTF-8') { index.load(it) }
assert index.getProperty('identities') == 'server,alice,bob'
assert index.getProperty('keyType') == 'RSA_2048'
