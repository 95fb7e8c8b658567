package dev.solid.gateway.auth;

import dev.solid.common.error.ApiException;
import dev.solid.gateway.company.CompanyRepository;
import dev.solid.gateway.company.Plan;
import dev.solid.gateway.http.JsonBodies;
import dev.solid.gateway.http.Validation;
import dev.solid.gateway.proxy.ApiRequest;
import dev.solid.gateway.proxy.LocalResponse;
import dev.solid.gateway.resilience.DatabaseOutage;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Signup (a company and its owner) and login (the owner's session token). */
@ApplicationScoped
public class AuthEndpoints {
  private static final int MIN_PASSWORD = 10;
  // bcrypt only reads the first 72 bytes; longer passwords would be silently truncated.
  private static final int MAX_PASSWORD_BYTES = 72;
  // Compared against when the email is unknown, so both failures take the same time.
  private static final String DUMMY_HASH = BcryptUtil.bcryptHash("solid-timing-equaliser");

  private final CompanyRepository companies;
  private final OwnerTokens ownerTokens;
  private final JsonBodies bodies;

  public AuthEndpoints(CompanyRepository companies, OwnerTokens ownerTokens, JsonBodies bodies) {
    this.companies = companies;
    this.ownerTokens = ownerTokens;
    this.bodies = bodies;
  }

  public Uni<LocalResponse> signup(ApiRequest request) {
    SignupRequest body = bodies.read(request.body(), SignupRequest.class);
    String planName = body.plan() == null ? Plan.STARTER.wireName() : body.plan();
    new Validation()
        .required("company_name", body.companyName())
        .maxLength("company_name", body.companyName(), 200)
        .required("email", body.email())
        .email("email", body.email())
        .required("password", body.password())
        .check(
            body.password() == null || body.password().length() >= MIN_PASSWORD,
            "password",
            "too_short",
            null)
        .check(
            body.password() == null
                || body.password().getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES,
            "password",
            "too_long",
            null)
        .check(
            Plan.fromWire(planName).isPresent(),
            "plan",
            "unknown_plan",
            Arrays.stream(Plan.values()).map(Plan::wireName).toList()
                + " expected, got "
                + planName)
        .orThrow();
    Plan plan = Plan.fromWire(planName).orElseThrow();
    String email = body.email().trim();
    return hash(body.password())
        .flatMap(hash -> companies.createWithOwner(body.companyName().trim(), plan, email, hash))
        .map(
            signup ->
                LocalResponse.of(
                    201,
                    new SignupResponse(
                        new SignupResponse.CompanyView(
                            signup.company().id(),
                            signup.company().name(),
                            signup.company().plan().wireName()),
                        new SignupResponse.UserView(signup.owner().id(), signup.owner().email()))))
        .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
        .transform(e -> ApiException.conflict("An account with this email exists already"))
        .onFailure(DatabaseOutage::is)
        .transform(AuthEndpoints::unavailable);
  }

  public Uni<LocalResponse> login(ApiRequest request) {
    LoginRequest body = bodies.read(request.body(), LoginRequest.class);
    new Validation()
        .required("email", body.email())
        .required("password", body.password())
        .orThrow();
    return companies
        .findUserByEmail(body.email().trim())
        .flatMap(
            user ->
                matches(
                        body.password(),
                        user.map(CompanyRepository.User::passwordHash).orElse(DUMMY_HASH))
                    .map(
                        ok -> {
                          if (!ok || user.isEmpty()) {
                            throw ApiException.unauthorized("Invalid email or password");
                          }
                          return LocalResponse.of(
                              200,
                              new LoginResponse(
                                  ownerTokens.issue(user.get().id(), user.get().companyId()),
                                  "Bearer",
                                  ownerTokens.ttlSeconds()));
                        }))
        .onFailure(DatabaseOutage::is)
        .transform(AuthEndpoints::unavailable);
  }

  private static ApiException unavailable(Throwable cause) {
    return DatabaseOutage.unavailable(
        "Authentication is temporarily unavailable; retry shortly", cause);
  }

  /** bcrypt is deliberately slow: it runs on a worker thread, never on the event loop. */
  private static Uni<String> hash(String password) {
    return Uni.createFrom()
        .item(() -> BcryptUtil.bcryptHash(password))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static Uni<Boolean> matches(String password, String hash) {
    return Uni.createFrom()
        .item(() -> BcryptUtil.matches(password, hash))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  public record SignupRequest(String companyName, String email, String password, String plan) {}

  public record SignupResponse(CompanyView company, UserView user) {
    public record CompanyView(long id, String name, String plan) {}

    public record UserView(long id, String email) {}
  }

  public record LoginRequest(String email, String password) {}

  public record LoginResponse(String accessToken, String tokenType, long expiresIn) {}
}
