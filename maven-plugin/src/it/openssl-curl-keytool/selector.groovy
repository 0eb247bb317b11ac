// Runs where openssl and curl are installed. With MUTUALTLS_REQUIRE_PEERS=true (CI) it always runs, so a
// missing tool fails the build instead of skipping the test unseen.
def onPath = { String tool ->
  System.getenv('PATH').split(File.pathSeparator).any { new File(it, tool).canExecute() }
}
def available = onPath('openssl') && onPath('curl')
if (!available) {
  println "openssl-curl-keytool: openssl or curl is not on the PATH"
}
return available || System.getenv('MUTUALTLS_REQUIRE_PEERS') == 'true'
