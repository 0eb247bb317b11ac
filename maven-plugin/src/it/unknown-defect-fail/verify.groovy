def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("defects: \"BROKEN_CHAIN\" is not a defect; accepted: EXPIRED, NOT_YET_VALID, UNTRUSTED_ISSUER, SELF_SIGNED, WRONG_EXTENDED_KEY_USAGE, MISSING_DIGITAL_SIGNATURE, CA_AS_LEAF, MISSING_INTERMEDIATE, REVOKED, WEAK_KEY, SHA1_SIGNATURE, MISMATCHED_PRIVATE_KEY, HOSTNAME_MISMATCH")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
