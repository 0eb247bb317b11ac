def log = new File(basedir, 'build.log').text
assert log.contains('This plugin has 3 goals:')
assert log.contains('mutualtls:generate')
assert log.contains('mutualtls:package')
['outputDirectory', 'keyType', 'hostnames', 'clients', 'defects', 'validityDays', 'password', 'formats',
 'addTestResource', 'writeCaKey', 'skip'].each { name ->
  assert log.contains("User property: mutualtls.${name}"): "the ${name} parameter has its mutualtls.* property"
}
true
