def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("keyType: \"EC_P521\" is not a key type; accepted: EC_P256, EC_P384, RSA_2048, RSA_3072, RSA_4096, ED25519")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
