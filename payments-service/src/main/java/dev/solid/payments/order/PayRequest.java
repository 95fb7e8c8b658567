package dev.solid.payments.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST …/pay}: a processor payment method id ({@code pm_card_visa}), or in test mode one of
 * Stripe's test card numbers.
 */
public record PayRequest(@NotBlank @Size(max = 255) String paymentMethod) {}
