def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.mutualtls:mutualtls-maven-plugin:")
assert log.contains("clients: \"../escaped\" is not a valid client name: each name becomes the certificate's CN and the file names <name>.pem, <name>-key.pem, <name>.p12 inside outputDirectory, so it must not contain '/', '\\' or \"..\"; accepted: 1 to 64 letters")
assert !new File(basedir, 'target/mutualtls').exists(): 'nothing is written'
