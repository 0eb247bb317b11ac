def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'target/mutualtls').canonicalPath
assert log.contains("outputDirectory: ${dir} holds no mutualtls fixtures (no fixtures.properties); run mutualtls:generate first, for example with both goals, generate and package, in the plugin's <executions>".toString())
assert !new File(basedir, 'target/package-without-generate-fail-1.0-mutualtls-fixtures.zip').exists()
