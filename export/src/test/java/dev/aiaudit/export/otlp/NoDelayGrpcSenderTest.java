package dev.aiaudit.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoDelayGrpcSenderTest {

  @Test
  void grpcMessage_isPercentDecodedUtf8_andMalformedEscapesStayAsTheyAre() {
    assertThat(NoDelayGrpcSender.percentDecode("plain text")).isEqualTo("plain text");
    assertThat(NoDelayGrpcSender.percentDecode("quota%20exceeded%3A%20caf%C3%A9")).isEqualTo("quota exceeded: café");
    assertThat(NoDelayGrpcSender.percentDecode("100%")).isEqualTo("100%");
    assertThat(NoDelayGrpcSender.percentDecode("%zz%4")).isEqualTo("%zz%4");
    assertThat(NoDelayGrpcSender.percentDecode("é%41")).isEqualTo("éA");
  }
}
