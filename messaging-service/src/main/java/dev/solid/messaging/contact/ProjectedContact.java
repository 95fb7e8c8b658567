package dev.solid.messaging.contact;

import java.util.List;
import java.util.Map;

/** A contact as crm last published it; read-only here. */
public record ProjectedContact(
    long id,
    String name,
    String firstName,
    String lastName,
    String username,
    String email,
    String phone,
    List<String> tags,
    Map<String, Object> customFields) {}
