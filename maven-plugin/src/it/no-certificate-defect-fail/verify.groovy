def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("defects: \"NO_CERTIFICATE\" has no files to write: a client without a certificate is simply one that sends none")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
