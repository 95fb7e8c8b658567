package dev.solid.messaging.message;

import dev.solid.common.caller.RequestIds;
import dev.solid.common.caller.Tenant;
import dev.solid.common.page.PageRequest;
import dev.solid.kit.tenant.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Message queries, tenant-scoped through {@link TenantSql}. */
@ApplicationScoped
public class MessageRepository {
  static final String COLUMNS =
      "id, company_id, livemode, account_id, channel, direction, counterpart, contact_id, text,"
          + " status, failure_reason, attempts, provider_message_id, job_id, enrollment_id,"
          + " created_at, sent_at";

  public static String newId() {
    return "msg_" + RequestIds.ulid();
  }

  public Uni<Message> insertOutbound(
      SqlClient db,
      Tenant tenant,
      long accountId,
      String channel,
      String to,
      Long contactId,
      String text,
      String jobId,
      Long enrollmentId) {
    return TenantSql.first(
        db,
        tenant,
        MessageRepository::map,
        "INSERT INTO messaging.messages (company_id, livemode, id, account_id, channel, direction,"
            + " counterpart, contact_id, text, status, job_id, enrollment_id)"
            + " VALUES ($1, $2, $3, $4, $5, 'outbound', $6, $7, $8, 'queued', $9, $10) RETURNING "
            + COLUMNS,
        newId(),
        accountId,
        channel,
        to,
        contactId,
        text,
        jobId,
        enrollmentId);
  }

  /** Stores an inbound message once per provider message id; null when it was already stored. */
  public Uni<Message> insertInbound(
      SqlClient db,
      Tenant tenant,
      long accountId,
      String channel,
      String from,
      Long contactId,
      String text,
      String providerMessageId) {
    return TenantSql.first(
        db,
        tenant,
        MessageRepository::map,
        "INSERT INTO messaging.messages (company_id, livemode, id, account_id, channel, direction,"
            + " counterpart, contact_id, text, status, provider_message_id, sent_at)"
            + " VALUES ($1, $2, $3, $4, $5, 'inbound', $6, $7, $8, 'received', $9, now())"
            + " ON CONFLICT (account_id, provider_message_id) WHERE direction = 'inbound'"
            + " DO NOTHING RETURNING "
            + COLUMNS,
        newId(),
        accountId,
        channel,
        from,
        contactId,
        text,
        providerMessageId);
  }

  public Uni<Message> find(SqlClient db, Tenant tenant, String id) {
    return TenantSql.first(
        db,
        tenant,
        MessageRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.messages WHERE company_id = $1 AND livemode = $2 AND id = $3",
        id);
  }

  /**
   * Claims a queued message for delivery: queued → sending, in one conditional update. Only one
   * worker can win it; a redelivered command finds it no longer queued and gets null.
   */
  public Uni<Message> claim(SqlClient db, Tenant tenant, String id) {
    return TenantSql.first(
        db,
        tenant,
        MessageRepository::map,
        "UPDATE messaging.messages SET status = 'sending', attempts = attempts + 1,"
            + " updated_at = now() WHERE company_id = $1 AND livemode = $2 AND id = $3"
            + " AND status = 'queued' RETURNING "
            + COLUMNS,
        id);
  }

  /** sending → sent | failed. */
  public Uni<Message> finish(
      SqlClient db,
      Tenant tenant,
      String id,
      String status,
      String reason,
      String providerMessageId,
      int attempts) {
    return TenantSql.first(
        db,
        tenant,
        MessageRepository::map,
        "UPDATE messaging.messages SET status = $4::varchar, failure_reason = $5, provider_message_id = $6,"
            + " attempts = $7, updated_at = now(),"
            + " sent_at = CASE WHEN $4::varchar = 'sent' THEN now() ELSE NULL END"
            + " WHERE company_id = $1 AND livemode = $2 AND id = $3 AND status = 'sending'"
            + " RETURNING "
            + COLUMNS,
        id,
        status,
        reason,
        providerMessageId,
        attempts);
  }

  /**
   * Fails messages that have been {@code sending} for longer than {@code lease}: their worker died
   * mid-call, so whether the provider took them is unknown. Cross-tenant on purpose (the sweeper
   * serves every company; each row keeps its own company and mode). {@code SKIP LOCKED} lets
   * replicas sweep side by side, and the status condition loses to a worker that finishes first.
   */
  public Uni<List<Message>> failAbandoned(SqlClient db, Duration lease, String reason, int limit) {
    return TenantSql.crossTenant(
            db,
            "the sweeper serves every company; each row keeps its own company and mode",
            "UPDATE messaging.messages SET status = 'failed', failure_reason = $1,"
                + " updated_at = now() WHERE id IN (SELECT id FROM messaging.messages"
                + " WHERE status = 'sending' AND updated_at < now() - make_interval(secs => $2)"
                + " ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED) AND status = 'sending'"
                + " RETURNING "
                + COLUMNS,
            reason,
            (double) lease.toMillis() / 1000,
            limit)
        .map(rows -> TenantSql.all(rows, MessageRepository::map));
  }

  /**
   * Takes messages left {@code queued} for longer than {@code age} (their command presumably never
   * reached the worker) and restarts their clock, so each is re-published once per {@code age}.
   * Cross-tenant on purpose, like {@link #failAbandoned}.
   */
  public Uni<List<Message>> touchStaleQueued(SqlClient db, Duration age, int limit) {
    return TenantSql.crossTenant(
            db,
            "the sweeper serves every company; each row keeps its own company and mode",
            "UPDATE messaging.messages SET updated_at = now() WHERE id IN (SELECT id"
                + " FROM messaging.messages WHERE status = 'queued'"
                + " AND updated_at < now() - make_interval(secs => $1)"
                + " ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED) AND status = 'queued'"
                + " RETURNING "
                + COLUMNS,
            (double) age.toMillis() / 1000,
            limit)
        .map(rows -> TenantSql.all(rows, MessageRepository::map));
  }

  /** Links the contact's earlier messages that were stored before the contact was known. */
  public Uni<List<Message>> linkContact(
      SqlClient db, Tenant tenant, long contactId, String phone, String username, Long telegramId) {
    return TenantSql.list(
        db,
        tenant,
        MessageRepository::map,
        "UPDATE messaging.messages SET contact_id = $3, updated_at = now()"
            + " WHERE company_id = $1 AND livemode = $2 AND contact_id IS NULL"
            + " AND ((channel = 'sms' AND lower(counterpart) = lower($4))"
            + " OR (channel = 'telegram' AND lower(counterpart) = lower($5))"
            + " OR (channel = 'telegram' AND counterpart = $6))"
            + " RETURNING "
            + COLUMNS,
        contactId,
        phone == null ? "" : phone,
        username == null ? "" : username,
        telegramId == null ? "" : telegramId.toString());
  }

  public Uni<List<Message>> list(
      SqlClient db, Tenant tenant, MessageFilter filter, PageRequest page) {
    Where where = where(filter);
    List<Object> params = new ArrayList<>(where.params);
    params.add(page.limit());
    params.add(page.offset());
    int n = params.size() + 2;
    return TenantSql.list(
        db,
        tenant,
        MessageRepository::map,
        "SELECT "
            + COLUMNS
            + " FROM messaging.messages WHERE company_id = $1 AND livemode = $2"
            + where.sql
            + " ORDER BY seq LIMIT $"
            + (n - 1)
            + " OFFSET $"
            + n,
        params.toArray());
  }

  public Uni<Long> count(SqlClient db, Tenant tenant, MessageFilter filter) {
    Where where = where(filter);
    return TenantSql.first(
        db,
        tenant,
        row -> row.getLong(0),
        "SELECT count(*) FROM messaging.messages WHERE company_id = $1 AND livemode = $2"
            + where.sql,
        where.params.toArray());
  }

  private record Where(String sql, List<Object> params) {}

  private static Where where(MessageFilter f) {
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    if (f.contactId() != null) {
      params.add(f.contactId());
      sql.append(" AND contact_id = $").append(params.size() + 2);
    }
    if (f.accountId() != null) {
      params.add(f.accountId());
      sql.append(" AND account_id = $").append(params.size() + 2);
    }
    if (f.status() != null) {
      params.add(f.status());
      sql.append(" AND status = $").append(params.size() + 2);
    }
    if (f.direction() != null) {
      params.add(f.direction());
      sql.append(" AND direction = $").append(params.size() + 2);
    }
    return new Where(sql.toString(), params);
  }

  static Message map(Row row) {
    OffsetDateTime sent = row.getOffsetDateTime("sent_at");
    return new Message(
        row.getString("id"),
        new Tenant(row.getLong("company_id"), row.getBoolean("livemode")),
        row.getLong("account_id"),
        row.getString("channel"),
        row.getString("direction"),
        row.getString("counterpart"),
        row.getLong("contact_id"),
        row.getString("text"),
        row.getString("status"),
        row.getString("failure_reason"),
        row.getInteger("attempts"),
        row.getString("provider_message_id"),
        row.getString("job_id"),
        row.getLong("enrollment_id"),
        row.getOffsetDateTime("created_at").toInstant(),
        sent == null ? null : sent.toInstant());
  }
}
