def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("clients: \"alice\" is listed twice; every client needs a name of its own")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
