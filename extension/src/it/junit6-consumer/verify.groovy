// The user's build ran every test with JUnit 6.0.3 in parallel mode in two forks, and only that version was on the class path.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 5, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/surefire-reports/TEST-com.example.LedgerClientTest.xml').exists()
assert !log.contains('conflicting versions')
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.PaymentsClientTest.xml').text
assert report.contains('junit-jupiter-api-6.0.3.jar')
assert !(report =~ /junit-jupiter-api-(?!6\.0\.3\.jar)[0-9.]+\.jar/)
