import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.time.LocalDateTime
import java.util.zip.ZipFile

def produced = new File(basedir, 'producer/target/mutualtls')
def zip = new File(basedir, 'producer/target/producer-1.0-mutualtls-fixtures.zip')
assert zip.isFile()
def names = produced.list().sort()
assert names.size() == 20: names

new ZipFile(zip).withCloseable { archive ->
  def entries = archive.entries().toList()
  assert entries*.name == names: 'entries sorted, at the root of the archive'
  entries.each { assert it.timeLocal == LocalDateTime.of(2026, 11, 26, 0, 0): 'stamped with project.build.outputTimestamp' }
}

def log = new File(basedir, 'build.log').readLines()
def attached = log.findAll { it.contains('Attached ') && it.contains('as classifier mutualtls-fixtures, type zip: 20 files') }
assert attached.size() == 2
def sums = attached.collect { (it =~ /SHA-256 ([0-9a-f]{64})/)[0][1] }
assert sums[0] == sums[1]: 'the same set zips to the same bytes'
assert log.count { it.contains('are up to date') } == 1

// the consumer unpacked the attached archive, resolved from the reactor
def unpacked = new File(basedir, 'consumer/target/fixtures')
assert unpacked.list().sort() == names
names.each { assert new File(unpacked, it).bytes == new File(produced, it).bytes: it }
def mode = { File f -> PosixFilePermissions.toString(Files.getPosixFilePermissions(f.toPath())) }
['alice-key.pem', 'server-key.pem', 'client-expired-key.pem', 'alice.p12'].each {
  assert mode(new File(unpacked, it)) == 'rw-------': "$it keeps its owner-only mode through the archive"
}
assert mode(new File(unpacked, 'ca.pem')) == 'rw-r--r--'
