def log = new File(basedir, 'build.log').text
assert log.contains('Skipping mutualtls:generate (skip is true, property mutualtls.skip)')
assert log.contains('Skipping mutualtls:package (skip is true, property mutualtls.skip)')
assert !new File(basedir, 'target/mutualtls').exists()
assert !new File(basedir, 'target/skip-1.0-mutualtls-fixtures.zip').exists()
