def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("validityDays: 0 is out of range; accepted: a whole number of days from 1 to 3650")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
