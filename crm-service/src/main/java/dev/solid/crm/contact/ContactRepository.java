package dev.solid.crm.contact;

import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Contact queries. All of them are tenant-scoped by {@link TenantRepository}. */
@ApplicationScoped
@WithSession
public class ContactRepository extends TenantRepository<Contact> {

  public ContactRepository() {
    super(Contact.class);
  }

  /** The contact with this email (case-insensitive), locked for update, or null. */
  public Uni<Contact> findByEmailForUpdate(Tenant tenant, String email) {
    return findFirst(tenant, "lower(email) = lower(:email)", Map.of("email", email), true);
  }

  /** The contact with this username (case-insensitive, without '@'), locked for update, or null. */
  public Uni<Contact> findByUsernameForUpdate(Tenant tenant, String username) {
    return findFirst(
        tenant, "lower(username) = lower(:username)", Map.of("username", username), true);
  }

  /** The contact with this Telegram user id, locked for update, or null. */
  public Uni<Contact> findByTelegramIdForUpdate(Tenant tenant, long telegramId) {
    return findFirst(tenant, "telegramId = :telegramId", Map.of("telegramId", telegramId), true);
  }

  /** The contact with this E.164 phone, locked for update, or null (the oldest if several). */
  public Uni<Contact> findByPhoneForUpdate(Tenant tenant, String phone) {
    return findFirst(tenant, "phone = :phone", Map.of("phone", phone), true);
  }

  /** Another contact than {@code exceptId} with this email (case-insensitive), or null. */
  public Uni<Contact> findOtherByEmail(Tenant tenant, String email, long exceptId) {
    return findFirst(
        tenant,
        "lower(email) = lower(:email) and id <> :exceptId",
        Map.of("email", email, "exceptId", exceptId),
        false);
  }

  /** Another contact than {@code exceptId} with this username (case-insensitive), or null. */
  public Uni<Contact> findOtherByUsername(Tenant tenant, String username, long exceptId) {
    return findFirst(
        tenant,
        "lower(username) = lower(:username) and id <> :exceptId",
        Map.of("username", username, "exceptId", exceptId),
        false);
  }

  /** One page of contacts matching the filter, in its order, with the total count. */
  public Uni<Result> search(Tenant tenant, ContactFilter filter, PageRequest page) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (filter.search() != null) {
      // Usernames are stored without '@', so "@sarah" finds username "sarah_miller" too.
      conditions.add(
          "lower(name) like :search escape '!' or lower(email) like :search escape '!'"
              + " or lower(username) like :username escape '!' or phone like :phone escape '!'");
      String search = filter.search().toLowerCase();
      params.put("search", "%" + escapeLike(search) + "%");
      // Phones are stored as E.164 digits: "801-555" or "(801) 555" finds +1801555…
      params.put(
          "phone",
          "%" + escapeLike(isPhoneFragment(search) ? search.replaceAll("\\D", "") : search) + "%");
      params.put(
          "username",
          "%" + escapeLike(search.startsWith("@") ? search.substring(1) : search) + "%");
    }
    if (filter.tag() != null) {
      conditions.add("array_contains(tags, :tag)");
      params.put("tag", filter.tag());
    }
    if (filter.minScore() != null) {
      conditions.add("leadScore >= :minScore");
      params.put("minScore", filter.minScore());
    }
    String where = conditions.isEmpty() ? null : "(" + String.join(") and (", conditions) + ")";
    // One session runs one statement at a time: count, then the page.
    return count(tenant, where, params)
        .chain(
            total ->
                list(tenant, where, params, filter.sort().orderBy(), page)
                    .map(items -> new Result(items, total)));
  }

  /** Digits with the usual phone punctuation, and at least three digits. */
  static boolean isPhoneFragment(String search) {
    return search.matches("[+0-9 ().\\-]+") && search.replaceAll("\\D", "").length() >= 3;
  }

  private static String escapeLike(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** A page of contacts and how many match in all. */
  public record Result(List<Contact> items, long total) {}
}
