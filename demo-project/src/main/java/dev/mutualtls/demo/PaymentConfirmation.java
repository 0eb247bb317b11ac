package dev.mutualtls.demo;

/**
 * The partner's answer to a {@link PaymentOrder}. Immutable.
 *
 * @param paymentId the partner's identifier for the payment
 * @param status the partner's status, such as {@code ACCEPTED} or {@code PENDING}
 */
public record PaymentConfirmation(String paymentId, String status) {}
