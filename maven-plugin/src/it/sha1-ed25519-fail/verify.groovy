def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("defects: SHA1_SIGNATURE cannot be minted with keyType ED25519")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
