package dev.solid.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowHeaderTest {

  @Test
  void shouldMatchOneSegmentPerTemplateParameter() {
    var template = AllowHeader.template("/api/v1/crm/contacts", "{id}");
    assertThat(template.matcher("/api/v1/crm/contacts/42").matches()).isTrue();
    assertThat(template.matcher("/api/v1/crm/contacts/42/").matches()).isTrue();
    assertThat(template.matcher("/api/v1/crm/contacts").matches()).isFalse();
    assertThat(template.matcher("/api/v1/crm/contacts/42/enroll").matches()).isFalse();
  }

  @Test
  void shouldHonourATemplateParametersOwnExpression() {
    var template = AllowHeader.template("/api/v1/sequences/", "/{id: [0-9]{1,18}}/enroll");
    assertThat(template.matcher("/api/v1/sequences/7/enroll").matches()).isTrue();
    assertThat(template.matcher("/api/v1/sequences/abc/enroll").matches()).isFalse();
    assertThat(AllowHeader.template("/api/v1/crm/contacts", "").matcher("/api/v1/crm/contacts"))
        .matches();
  }
}
