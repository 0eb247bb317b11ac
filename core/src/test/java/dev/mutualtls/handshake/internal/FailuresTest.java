package dev.mutualtls.handshake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mutualtls.handshake.TlsAlert;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final byte[] ALERT_CERTIFICATE_UNKNOWN = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x2e};

  @Test
  void findsAPlaintextFatalAlertRecord() {
    assertThat(Failures.plaintextAlert(ALERT_CERTIFICATE_UNKNOWN)).contains(TlsAlert.CERTIFICATE_UNKNOWN);
  }

  @Test
  void findsItBehindOtherRecords() {
    byte[] bytes = new byte[5 + 3 + ALERT_CERTIFICATE_UNKNOWN.length];
    bytes[0] = 0x16;
    bytes[1] = 0x03;
    bytes[2] = 0x03;
    bytes[4] = 0x03;
    System.arraycopy(ALERT_CERTIFICATE_UNKNOWN, 0, bytes, 8, ALERT_CERTIFICATE_UNKNOWN.length);

    assertThat(Failures.plaintextAlert(bytes)).contains(TlsAlert.CERTIFICATE_UNKNOWN);
  }

  @Test
  void saysNothingOfEncryptedRecordsWarningsTruncatedRecordsOrBytesThatAreNotTls() {
    assertThat(Failures.plaintextAlert(new byte[] {0x17, 0x03, 0x03, 0x00, 0x13, 1, 2, 3})).isEmpty();
    assertThat(Failures.plaintextAlert(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00})).isEmpty();
    assertThat(Failures.plaintextAlert(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02})).isEmpty();
    assertThat(Failures.plaintextAlert("HTTP/1.1 400 Bad Request".getBytes())).isEmpty();
    assertThat(Failures.plaintextAlert(new byte[0])).isEmpty();
  }
}
