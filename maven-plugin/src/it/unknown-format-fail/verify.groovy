def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("formats: \"DER\" is not a format; accepted: PEM, PKCS12, JKS")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
