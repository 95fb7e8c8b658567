package dev.solid.payments.checkout;

import dev.solid.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The hosted pages ({@code /pay/links/<token>}, {@code /pay/invoices/<token>}), for a company's
 * customers: no API key (the gateway routes {@code /pay/**} unauthenticated and passes HTML answers
 * through), the unguessable token names the link or invoice. Every answer is an HTML page, errors
 * included (the mappers below), never problem+json. In live mode Stripe's Checkout page sends the
 * customer back here with {@code ?session_id=…}. Not part of the public API's OpenAPI document:
 * these are pages, not operations. Each kind of page is a {@link HostedCheckout}.
 */
@Path("/pay/{kind}/{token}")
@Produces(MediaType.TEXT_HTML)
public class HostedPageResource {
  private static final Logger LOG = Logger.getLogger(HostedPageResource.class);

  private final Map<String, HostedCheckout> kinds;

  public HostedPageResource(Instance<HostedCheckout> checkouts) {
    this.kinds =
        checkouts.stream().collect(Collectors.toMap(HostedCheckout::kind, Function.identity()));
  }

  @GET
  @Operation(hidden = true)
  public Uni<RestResponse<String>> page(
      @PathParam("kind") String kind,
      @PathParam("token") String token,
      @RestQuery("session_id") String sessionId) {
    HostedCheckout checkout = kinds.get(kind);
    if (checkout == null) {
      return Uni.createFrom().item(notFound().response());
    }
    return checkout.page(token, sessionId).map(HostedPage::response);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Uni<RestResponse<String>> pay(
      @PathParam("kind") String kind,
      @PathParam("token") String token,
      @RestForm("csrf_token") String csrfToken,
      @RestForm(CardForm.NUMBER) String cardNumber,
      @RestForm(CardForm.EXPIRY) String expiry,
      @RestForm(CardForm.CVC) String cvc,
      @RestForm(CardForm.NAME) String name) {
    HostedCheckout checkout = kinds.get(kind);
    if (checkout == null) {
      return Uni.createFrom().item(notFound().response());
    }
    return checkout
        .pay(token, new CardSubmission(csrfToken, cardNumber, expiry, cvc, name))
        .map(HostedPage::response);
  }

  private static HostedPage notFound() {
    return new HostedPage(
        404, CheckoutPage.message("Page not found", "Check the address you were given."));
  }

  /** A refusal the pages did not turn into a page themselves (e.g. crm or a processor): HTML. */
  @ServerExceptionMapper
  public RestResponse<String> refused(ApiException e) {
    LOG.debugf("Hosted page answered %s: %s", e.status(), e.getMessage());
    return new HostedPage(
            e.status(), CheckoutPage.message("This payment cannot be made now", e.getMessage()))
        .response();
  }

  /** Anything unexpected: logged here, a page without detail for the customer. */
  @ServerExceptionMapper
  public RestResponse<String> failed(RuntimeException e) {
    LOG.error("Hosted page failed", e);
    return new HostedPage(
            500,
            CheckoutPage.message(
                "Something went wrong",
                "The payment page failed. If you submitted a payment, it is charged at most once:"
                    + " reload the page in a moment."))
        .response();
  }
}
