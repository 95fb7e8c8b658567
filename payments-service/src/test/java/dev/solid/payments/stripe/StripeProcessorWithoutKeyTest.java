package dev.solid.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.error.ApiException;
import dev.solid.payments.config.PaymentsConfig;
import dev.solid.payments.processor.Charge;
import dev.solid.payments.processor.StripeCheckoutSessions;
import dev.solid.payments.processor.StripeClient;
import dev.solid.payments.processor.StripeProcessor;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Live mode with no Stripe secret key: 503 before anything is recorded, and no call to Stripe. */
class StripeProcessorWithoutKeyTest {
  private final AtomicInteger calls = new AtomicInteger();

  private final StripeClient stripe =
      new StripeClient() {
        @Override
        public Uni<String> createPaymentIntent(
            String authorization, String idempotencyKey, String stripeVersion, String form) {
          calls.incrementAndGet();
          return Uni.createFrom().item("{}");
        }

        @Override
        public Uni<String> createRefund(
            String authorization, String idempotencyKey, String stripeVersion, String form) {
          calls.incrementAndGet();
          return Uni.createFrom().item("{}");
        }

        @Override
        public Uni<String> createCheckoutSession(
            String authorization, String idempotencyKey, String stripeVersion, String form) {
          calls.incrementAndGet();
          return Uni.createFrom().item("{}");
        }

        @Override
        public Uni<String> retrieveCheckoutSession(
            String authorization, String stripeVersion, String id) {
          calls.incrementAndGet();
          return Uni.createFrom().item("{}");
        }

        @Override
        public Uni<String> expireCheckoutSession(
            String authorization, String stripeVersion, String id, String form) {
          calls.incrementAndGet();
          return Uni.createFrom().item("{}");
        }
      };

  @Test
  void chargesAndRefundsAre503SayingLivePaymentsAreNotConfigured() {
    for (Optional<String> key : java.util.List.of(Optional.<String>empty(), Optional.of(" "))) {
      StripeProcessor processor = new StripeProcessor(stripe, config(key), new ObjectMapper());
      assertNotConfigured(() -> processor.requireConfigured());
      assertNotConfigured(
          () ->
              processor
                  .charge(new Charge("k", 100, "usd", "pm_card_visa", "d", Map.of()))
                  .await()
                  .atMost(Duration.ofSeconds(5)));
      assertNotConfigured(
          () -> processor.refund("k", "pi_1", 100, Map.of()).await().atMost(Duration.ofSeconds(5)));
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void checkoutSessionsAre503WithoutAKeyAndCallNothing() {
    PaymentsConfig config = config(Optional.empty());
    StripeCheckoutSessions sessions =
        new StripeCheckoutSessions(
            stripe, new StripeProcessor(stripe, config, new ObjectMapper()), config);
    assertNotConfigured(
        () ->
            sessions
                .create(
                    new StripeCheckoutSessions.NewSession(
                        "k",
                        100,
                        "usd",
                        "Tea",
                        "d",
                        "order_1",
                        "https://x.test/ok",
                        "https://x.test/",
                        java.time.Instant.now().plusSeconds(3600),
                        Map.of()))
                .await()
                .atMost(Duration.ofSeconds(5)));
    assertNotConfigured(() -> sessions.retrieve("cs_test_1").await().atMost(Duration.ofSeconds(5)));
    assertThat(calls).hasValue(0);
  }

  @Test
  void aConfiguredKeyIsCheckedWithoutACall() {
    new StripeProcessor(stripe, config(Optional.of("sk_live_x")), new ObjectMapper())
        .requireConfigured();
    assertThat(calls).hasValue(0);
  }

  private static void assertNotConfigured(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("service_unavailable");
              assertThat(e.getMessage()).contains("Live payments are not configured");
            });
  }

  private static PaymentsConfig config(Optional<String> secretKey) {
    PaymentsConfig.Stripe stripe =
        new PaymentsConfig.Stripe() {
          @Override
          public String baseUrl() {
            return "http://127.0.0.1:9";
          }

          @Override
          public Optional<String> secretKey() {
            return secretKey;
          }

          @Override
          public Optional<String> webhookSecret() {
            return Optional.empty();
          }

          @Override
          public Duration webhookTolerance() {
            return Duration.ofMinutes(5);
          }

          @Override
          public long timeoutMillis() {
            return 1000;
          }

          @Override
          public String apiVersion() {
            return "2024-06-20";
          }

          @Override
          public String checkoutOrigin() {
            return "https://checkout.stripe.com";
          }

          @Override
          public Duration checkoutSessionLifetime() {
            return Duration.ofHours(1);
          }
        };
    return new PaymentsConfig() {
      @Override
      public String defaultCurrency() {
        return "usd";
      }

      @Override
      public Crm crm() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Stripe stripe() {
        return stripe;
      }

      @Override
      public Recovery recovery() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Checkout checkout() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Subscriptions subscriptions() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String publicBaseUrl() {
        return "http://localhost:8080";
      }
    };
  }
}
