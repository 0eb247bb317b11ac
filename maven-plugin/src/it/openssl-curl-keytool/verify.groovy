import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

def dir = new File(basedir, 'target/mutualtls')
def index = new Properties()
new File(dir, 'fixtures.properties').withReader('UTF-8') { index.load(it) }
def password = index.getProperty('password')

/** Runs a command in the fixture directory; returns [exit code, stdout and stderr]. */
def run = { List<String> command ->
  def process = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start()
  def output = CompletableFuture.supplyAsync { process.inputStream.text }
  if (!process.waitFor(60, TimeUnit.SECONDS)) {
    process.destroyForcibly()
    assert false: "${command} did not finish within 60 s"
  }
  def result = [process.exitValue(), output.get(10, TimeUnit.SECONDS)]
  println "\$ ${command.join(' ')}\n${result[1]}(exit ${result[0]})"
  result
}

// 1. openssl verify, strict, at security level 2, for the purpose each certificate serves
[['server.pem', 'sslserver'], ['client.pem', 'sslclient']].each { file, purpose ->
  def (code, out) = run(['openssl', 'verify', '-x509_strict', '-auth_level', '2', '-purpose', purpose,
                         '-CAfile', 'ca.pem', file])
  assert code == 0 && out.trim() == "${file}: OK".toString()
}
// ... and refuses each defect for its own reason
[['client-expired.pem', 'sslclient', 'certificate has expired'],
 ['client-wrong-extended-key-usage.pem', 'sslclient', 'unsuitable certificate purpose'],
 ['client-untrusted-issuer.pem', 'sslclient', 'unable to get local issuer certificate']].each { file, purpose, reason ->
  def (code, out) = run(['openssl', 'verify', '-x509_strict', '-auth_level', '2', '-purpose', purpose,
                         '-CAfile', 'ca.pem', file])
  assert code != 0 && out.contains(reason): "${file} should fail with '${reason}'"
}
def (nameCode, nameOut) = run(['openssl', 'verify', '-x509_strict', '-purpose', 'sslserver', '-verify_hostname', 'localhost',
                               '-CAfile', 'ca.pem', 'server-hostname-mismatch.pem'])
assert nameCode != 0 && nameOut.contains('hostname mismatch')
def (goodNameCode, goodNameOut) = run(['openssl', 'verify', '-x509_strict', '-purpose', 'sslserver', '-verify_hostname',
                                       'localhost', '-verify_ip', '127.0.0.1', '-CAfile', 'ca.pem', 'server.pem'])
assert goodNameCode == 0: 'the good server certificate names localhost and 127.0.0.1'

// 2. keytool opens the trust store and a key store with the password from the index
def keytool = new File(System.getProperty('java.home'), 'bin/keytool').path
def (jksCode, jksOut) = run([keytool, '-list', '-keystore', 'truststore.jks', '-storepass', password])
assert jksCode == 0 && jksOut.contains('mutualtls-root') && jksOut.contains('trustedCertEntry')
def (p12Code, p12Out) = run([keytool, '-list', '-storetype', 'PKCS12', '-keystore', 'client.p12', '-storepass', password])
assert p12Code == 0 && p12Out.contains('mutualtls') && p12Out.contains('PrivateKeyEntry')

// 3. openssl s_server demanding a client certificate, curl as the client, on loopback only
/** s_server's output so far; the reader thread notifies on every line, so waiting needs no timer. */
class ServerLog {
  private final StringBuilder text = new StringBuilder()
  private boolean ended
  synchronized void append(String line) { text.append(line).append('\n'); notifyAll() }
  synchronized void end() { ended = true; notifyAll() }
  /** Waits until the output contains {@code wanted}; false if it ends or the deadline passes first. */
  synchronized boolean await(String wanted, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (text.indexOf(wanted) < 0) {
      long left = deadline - System.nanoTime()
      if (ended || left <= 0) {
        return false
      }
      TimeUnit.NANOSECONDS.timedWait(this, left)
    }
    return true
  }
  synchronized String toString() { text.toString() }
}

def startServer = {
  def port = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
  def process = new ProcessBuilder('openssl', 's_server', '-accept', "127.0.0.1:${port}".toString(),
      '-cert', 'server.pem', '-key', 'server-key.pem', '-CAfile', 'ca.pem', '-Verify', '1',
      '-verify_return_error', '-www').directory(dir).redirectErrorStream(true).start()
  def log = new ServerLog()
  Thread.startDaemon {
    try {
      process.inputStream.newReader().eachLine { log.append(it) }
    } finally {
      log.end()
    }
  }
  [process, port, log]
}

def server = null
try {
  for (int attempt = 1; attempt <= 3 && server == null; attempt++) {
    def candidate = startServer()
    if (candidate[2].await('ACCEPT', 30)) {
      server = candidate
    } else {
      // s_server exited (another process took the port in the meantime) or never got ready
      candidate[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS)
      println "s_server did not start (attempt ${attempt}):\n${candidate[2]}"
    }
  }
  assert server != null: 'openssl s_server did not start'
  def (process, port, serverLog) = server
  def curl = { String name ->
    run(['curl', '--silent', '--show-error', '--max-time', '20', '--resolve', "localhost:${port}:127.0.0.1".toString(),
         '--cacert', 'ca.pem', '--cert', "${name}.pem".toString(), '--key', "${name}-key.pem".toString(),
         "https://localhost:${port}/".toString()])
  }

  def (okCode, okOut) = curl('client')
  assert okCode == 0: "curl with client.pem was refused:\n${okOut}\ns_server:\n${serverLog}"
  assert okOut.contains('s_server')

  def (badCode, badOut) = curl('client-expired')
  assert badCode != 0: "curl with client-expired.pem was accepted:\n${badOut}"
  assert [35, 56].contains(badCode): "curl failed for another reason than the TLS handshake (exit ${badCode}):\n${badOut}"
  assert serverLog.await('certificate has expired', 30): "s_server refused it for another reason:\n${serverLog}"
} finally {
  if (server != null) {
    server[0].destroy()
    if (!server[0].waitFor(10, TimeUnit.SECONDS)) {
      server[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS)
    }
  }
}
