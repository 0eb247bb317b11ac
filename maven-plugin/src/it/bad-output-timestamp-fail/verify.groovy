def log = new File(basedir, 'build.log').text
assert log.contains('outputTimestamp: "yesterday" is not a timestamp; accepted: an ISO 8601 date-time with offset such as 2026-01-01T00:00:00Z, whole seconds since the epoch, or a single character to fall back to the fixtures\' generation time')
assert !new File(basedir, 'target/bad-output-timestamp-fail-1.0-mutualtls-fixtures.zip').exists()
