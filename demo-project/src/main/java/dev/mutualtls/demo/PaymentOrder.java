package dev.mutualtls.demo;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A payment to submit to the partner: an idempotency reference of ours, the beneficiary's account, and
 * an amount in minor units (cents) of a currency. Immutable.
 *
 * @param reference our unique reference for the order; the partner uses it to drop duplicates
 * @param account the beneficiary's account number
 * @param amountMinor the amount in minor units, greater than zero
 * @param currency the ISO 4217 currency code, such as {@code EUR}
 */
public record PaymentOrder(String reference, String account, long amountMinor, String currency) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** Validates every field; the messages name the field and the bad value. */
  public PaymentOrder {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(currency, "currency");
    if (reference.isBlank() || account.isBlank()) {
      throw new IllegalArgumentException("reference and account must not be blank, were \"" + reference + "\" and \""
          + account + "\"");
    }
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amountMinor must be positive, was " + amountMinor);
    }
    if (!CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR, was \"" + currency + "\"");
    }
  }
}
