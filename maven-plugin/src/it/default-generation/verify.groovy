import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.security.KeyStore
import java.security.MessageDigest
import java.security.cert.CertificateFactory
import java.time.Duration
import java.time.Instant

def dir = new File(basedir, 'target/mutualtls')
def expected = ['ca.pem', 'client-key.pem', 'client.jks', 'client.p12', 'client.pem', 'fixtures.properties',
                'server-key.pem', 'server.jks', 'server.p12', 'server.pem', 'truststore.jks', 'truststore.p12']
assert dir.list().sort() == expected

def mode = { String name -> PosixFilePermissions.toString(Files.getPosixFilePermissions(new File(dir, name).toPath())) }
['server-key.pem', 'client-key.pem', 'server.p12', 'client.p12', 'server.jks', 'client.jks'].each {
  assert mode(it) == 'rw-------': "$it holds a private key and must be owner-only"
}
['ca.pem', 'server.pem', 'client.pem', 'truststore.p12', 'truststore.jks', 'fixtures.properties'].each {
  assert mode(it) == 'rw-r--r--': "$it is public"
}
assert !new File(basedir, 'target').list().any { it.startsWith('.mutualtls') }: 'no temporary directory is left'

def index = new Properties()
new File(dir, 'fixtures.properties').withReader('UTF-8') { index.load(it) }
def get = { String key -> index.getProperty(key) }
assert get('layout') == '1'
assert get('files').split(',') as List == expected
assert get('identities') == 'server,client'
assert get('keyType') == 'EC_P256'
assert get('password') == 'changeit'
assert get('truststore.pkcs12') == 'truststore.p12' && get('truststore.jks') == 'truststore.jks'
assert get('truststore.alias') == 'mutualtls-root' && get('truststore.password') == 'changeit'
assert get('ca.key') == null: 'the CA key is written only with writeCaKey'

def factory = CertificateFactory.getInstance('X.509')
def certificates = { String name -> new File(dir, name).withInputStream { factory.generateCertificates(it) as List } }
def fingerprint = { cert -> MessageDigest.getInstance('SHA-256').digest(cert.encoded).collect { String.format('%02X', it) }.join(':') }
def ca = certificates('ca.pem')[0]
assert get('ca.subject') == ca.subjectX500Principal.name
assert get('ca.sha256') == fingerprint(ca)
assert get('ca.notAfter') == ca.notAfter.toInstant().toString()
assert ca.basicConstraints != -1: 'the CA is a CA'

def eku = [server: '1.3.6.1.5.5.7.3.1', client: '1.3.6.1.5.5.7.3.2']
['server', 'client'].each { name ->
  def chain = certificates("${name}.pem")
  assert chain.size() == 1: 'no intermediate: the chain is the leaf alone'
  def leaf = chain[0]
  leaf.verify(ca.publicKey)
  assert leaf.extendedKeyUsage == [eku[name]]
  assert get("${name}.subject") == leaf.subjectX500Principal.name
  assert get("${name}.issuer") == ca.subjectX500Principal.name
  assert get("${name}.sha256") == fingerprint(leaf)
  assert get("${name}.notBefore") == leaf.notBefore.toInstant().toString()
  assert get("${name}.notAfter") == leaf.notAfter.toInstant().toString()
  def left = Duration.between(Instant.now(), leaf.notAfter.toInstant())
  assert left > Duration.ofDays(29) && left <= Duration.ofDays(30): 'validityDays defaults to 30'
  assert get("${name}.certificate") == "${name}.pem".toString()
  assert get("${name}.key") == "${name}-key.pem".toString()
  assert get("${name}.pkcs12") == "${name}.p12".toString()
  assert get("${name}.jks") == "${name}.jks".toString()
  assert get("${name}.alias") == 'mutualtls' && get("${name}.password") == 'changeit'
  assert new File(dir, "${name}-key.pem").text.startsWith('-----BEGIN PRIVATE KEY-----\n'): 'unencrypted PKCS#8'
  ['PKCS12': "${name}.p12", 'JKS': "${name}.jks"].each { type, file ->
    def store = KeyStore.getInstance(type)
    new File(dir, file.toString()).withInputStream { store.load(it, 'changeit'.toCharArray()) }
    assert store.aliases().toList() == ['mutualtls']
    assert store.getCertificate('mutualtls') == leaf
    assert store.getKey('mutualtls', 'changeit'.toCharArray()).algorithm == 'EC'
  }
}
assert get('server.subject') == 'CN=localhost,O=mutualtls'
assert get('server.sans') == 'DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1'
assert get('client.subject') == 'CN=client,O=mutualtls'
assert get('client.sans') == null

['PKCS12': 'truststore.p12', 'JKS': 'truststore.jks'].each { type, file ->
  def store = KeyStore.getInstance(type)
  new File(dir, file).withInputStream { store.load(it, 'changeit'.toCharArray()) }
  assert store.aliases().toList() == ['mutualtls-root']
  assert store.isCertificateEntry('mutualtls-root') && store.getCertificate('mutualtls-root') == ca
}

// addTestResource (default true): the resources plugin copied the fixtures onto the test class path
expected.each { assert new File(basedir, "target/test-classes/$it").bytes == new File(dir, it).bytes }

def log = new File(basedir, 'build.log').text
assert log =~ /Generated mutualtls fixtures in \S+target.mutualtls because there was no fixture set yet: 12 files for ca, server, client \(EC_P256, CA [0-9A-F:]{95}, valid until \S+\)/
