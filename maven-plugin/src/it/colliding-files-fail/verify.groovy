def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("clients: defect EXPIRED would write client-expired.pem, which client \"client-expired\" writes already")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
