package dev.solid.messaging.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.solid.common.caller.Tenant;
import dev.solid.kit.tenant.TenantSql;
import dev.solid.messaging.account.Account;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The contact projection (messaging.contacts), fed only by crm's events. */
@ApplicationScoped
public class ContactRepository {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, name, first_name, last_name, username, email, phone, telegram_id, tags, custom_fields";
  // Every read: the projection's columns of this tenant's contacts, narrowed by a condition.
  private static final String SELECT_WHERE =
      "SELECT " + COLUMNS + " FROM messaging.contacts WHERE company_id = $1 AND livemode = $2 AND ";
  private final ObjectMapper json;

  public ContactRepository(ObjectMapper json) {
    this.json = json;
  }

  public Uni<ProjectedContact> find(SqlClient db, Tenant tenant, long id) {
    return firstWhere(db, tenant, "id = $3", id);
  }

  /**
   * The contact a recipient or sender address belongs to: by phone for sms, by username
   * (case-insensitive) or Telegram user id for telegram; null when none.
   */
  public Uni<ProjectedContact> findByAddress(
      SqlClient db, Tenant tenant, String channel, String address) {
    if (Account.SMS.equals(channel)) {
      return firstWhere(db, tenant, "phone = $3 ORDER BY id LIMIT 1", address);
    }
    if (address.matches("\\d{1,18}")) {
      // A numeric Telegram recipient is a user id, which crm keeps for senders it has seen.
      return firstWhere(
          db, tenant, "telegram_id = $3 ORDER BY id LIMIT 1", Long.parseLong(address));
    }
    return firstWhere(db, tenant, "lower(username) = lower($3) ORDER BY id LIMIT 1", address);
  }

  /** Contacts carrying the tag, at most {@code limit}, lowest id first. */
  public Uni<List<ProjectedContact>> findByTag(SqlClient db, Tenant tenant, String tag, int limit) {
    return listWhere(db, tenant, "tags @> ARRAY[$3::text] ORDER BY id LIMIT $4", tag, limit);
  }

  public Uni<List<ProjectedContact>> findByIds(SqlClient db, Tenant tenant, List<Long> ids) {
    return listWhere(db, tenant, "id = ANY ($3) ORDER BY id", (Object) ids.toArray(Long[]::new));
  }

  /** Writes the contact as crm's event carries it (the projection consumer). */
  public Uni<Void> upsert(SqlClient db, Tenant tenant, ProjectedContact c) {
    return insert(
        db,
        tenant,
        c,
        " ON CONFLICT (company_id, livemode, id) DO UPDATE SET name = EXCLUDED.name,"
            + " first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,"
            + " username = EXCLUDED.username, email = EXCLUDED.email, phone = EXCLUDED.phone,"
            + " tags = EXCLUDED.tags, custom_fields = EXCLUDED.custom_fields,"
            + " telegram_id = EXCLUDED.telegram_id");
  }

  /**
   * Adds the contact unless the projection already has it, whose row, fed by crm's events, stays
   * authoritative over an answer of crm's API that may be older by the time it is written.
   */
  public Uni<Void> insertIfAbsent(SqlClient db, Tenant tenant, ProjectedContact c) {
    return insert(db, tenant, c, " ON CONFLICT (company_id, livemode, id) DO NOTHING");
  }

  private Uni<Void> insert(SqlClient db, Tenant tenant, ProjectedContact c, String onConflict) {
    return TenantSql.run(
            db,
            tenant,
            "INSERT INTO messaging.contacts (company_id, livemode, id, name, first_name, last_name,"
                + " username, email, phone, tags, custom_fields, telegram_id)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                + onConflict,
            c.id(),
            c.name(),
            c.firstName(),
            c.lastName(),
            c.username(),
            c.email(),
            c.phone(),
            c.tags().toArray(String[]::new),
            new JsonObject(c.customFields()),
            c.telegramId())
        .replaceWithVoid();
  }

  public Uni<Void> delete(SqlClient db, Tenant tenant, long id) {
    return TenantSql.run(
            db,
            tenant,
            "DELETE FROM messaging.contacts WHERE company_id = $1 AND livemode = $2 AND id = $3",
            id)
        .replaceWithVoid();
  }

  private Uni<ProjectedContact> firstWhere(
      SqlClient db, Tenant tenant, String condition, Object... params) {
    return TenantSql.first(db, tenant, this::map, SELECT_WHERE + condition, params);
  }

  private Uni<List<ProjectedContact>> listWhere(
      SqlClient db, Tenant tenant, String condition, Object... params) {
    return TenantSql.list(db, tenant, this::map, SELECT_WHERE + condition, params);
  }

  private ProjectedContact map(Row row) {
    String[] tags = row.getArrayOfStrings("tags");
    Object custom = row.getValue("custom_fields");
    Map<String, Object> fields =
        custom instanceof JsonObject obj ? obj.getMap() : json.convertValue(custom, MAP);
    return new ProjectedContact(
        row.getLong("id"),
        row.getString("name"),
        row.getString("first_name"),
        row.getString("last_name"),
        row.getString("username"),
        row.getString("email"),
        row.getString("phone"),
        row.getLong("telegram_id"),
        tags == null ? List.of() : Arrays.asList(tags),
        fields == null ? Map.of() : fields);
  }
}
