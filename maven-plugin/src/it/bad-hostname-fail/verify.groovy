def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("hostnames: \"api_gateway.test\" is neither a DNS name nor an IP address; accepted: DNS names of letters, digits and inner hyphens")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
