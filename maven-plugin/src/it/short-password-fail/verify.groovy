def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("password: \"1234\" is too short: keytool refuses key store passwords under 6 characters")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
