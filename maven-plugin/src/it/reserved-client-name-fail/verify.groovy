def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("clients: \"CA\" is reserved for the plugin's own files; reserved (in any case): ca, server, truststore, crl, fixtures")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
