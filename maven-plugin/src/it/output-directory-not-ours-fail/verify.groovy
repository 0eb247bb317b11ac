def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'src/test/resources').canonicalPath
assert log.contains("outputDirectory: ${dir} already holds files that mutualtls did not write (there is no fixtures.properties from an earlier run), and the plugin replaces its directory as a whole; accepted: a directory that does not exist yet, an empty one, or one an earlier mutualtls:generate wrote".toString())
assert new File(basedir, 'src/test/resources').list() == ['application.properties'] as String[]
assert new File(basedir, 'src/test/resources/application.properties').text == 'greeting=kept\n'
