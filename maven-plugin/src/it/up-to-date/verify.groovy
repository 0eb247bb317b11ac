import java.nio.file.Files
import java.time.OffsetDateTime

def log = new File(basedir, 'build.log').readLines()
def starts = log.findAll { it.contains('Scanning for projects') }
assert starts.size() == 2: 'two builds ran'
def secondStart = OffsetDateTime.parse(starts[1].split(' ')[0]).toInstant()

assert log.count { it.contains('Generated mutualtls fixtures in') } == 1
def upToDate = log.findAll { it.contains('are up to date (configuration unchanged, next renewal after') }
assert upToDate.size() == 1
assert OffsetDateTime.parse(upToDate[0].split(' ')[0]).toInstant().isAfter(secondStart): 'the second build said so'
assert upToDate[0].endsWith('): nothing written')

def dir = new File(basedir, 'target/mutualtls')
assert dir.list().length == 12
dir.listFiles().each { file ->
  def modified = Files.getLastModifiedTime(file.toPath()).toInstant()
  assert modified.isBefore(secondStart): "${file.name} was written again by the second build"
}
assert Files.getLastModifiedTime(dir.toPath()).toInstant().isBefore(secondStart): 'the directory was not replaced'
assert !new File(basedir, 'target').list().any { it.startsWith('.mutualtls') }

// the up-to-date set zips to the very same archive
def attached = log.findAll { it.contains('Attached ') }.collect { (it =~ /SHA-256 ([0-9a-f]{64})/)[0][1] }
assert attached.size() == 2 && attached[0] == attached[1]: 'the archive is reproducible'
