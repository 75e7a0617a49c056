package io.diveops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.api.health.RecoverAnswer;
import org.junit.jupiter.api.Test;

/** An answer is the exact word a run acts on; anything else is refused, naming what is allowed. */
class AnswersTest {

  @Test
  void theExactWordIsTheAnswer() {
    assertThat(Answers.parse(RecoverAnswer.class, "resolved")).isEqualTo(RecoverAnswer.RESOLVED);
    assertThat(Answers.word(RecoverAnswer.ABORT)).isEqualTo("abort");
  }

  @Test
  void anotherSpellingOrNothingIsRefusedNamingTheAllowedWords() {
    assertThatThrownBy(() -> Answers.parse(RecoverAnswer.class, "RETRY"))
        .hasMessage("unknown answer 'RETRY': expected one of retry, resolved, abort");
    assertThatThrownBy(() -> Answers.parse(RecoverAnswer.class, " "))
        .hasMessageStartingWith("no answer given");
    assertThat(Answers.find(RecoverAnswer.class, "Retry")).isEmpty();
  }
}
