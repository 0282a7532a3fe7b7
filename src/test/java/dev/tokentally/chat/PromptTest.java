package dev.tokentally.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tokentally.models.Tokenizer;
import org.junit.jupiter.api.Test;

class PromptTest {

    private final Tokenizer tokenizer = new Tokenizer();

    @Test
    void a_thread_that_fits_is_sent_whole_after_the_system_prompt() {
        Prompt prompt = Prompt.build("Be brief.", List.of(new Prompt.Turn(true, "Hi"), new Prompt.Turn(false, "Hello!"),
                new Prompt.Turn(true, "How are you?")), 8_000, 1_000, tokenizer);

        assertThat(prompt.droppedMessages()).isZero();
        assertThat(prompt.messages()).hasSize(4);
        assertThat(prompt.messages().getFirst()).isEqualTo(SystemMessage.from("Be brief."));
        assertThat(prompt.messages().get(2)).isEqualTo(AiMessage.from("Hello!"));
        assertThat(prompt.inputTokens()).isEqualTo(tokenizer.countPrompt(List.of("Be brief.", "Hi", "Hello!", "How are you?")));
    }

    @Test
    void the_oldest_turns_are_dropped_first_until_the_prompt_fits_beside_the_answer() {
        List<Prompt.Turn> turns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            turns.add(new Prompt.Turn(i % 2 == 1, "message number " + i + " " + "word ".repeat(40)));
        }
        int window = 600;
        int reserved = 100;

        Prompt prompt = Prompt.build("System.", turns, window, reserved, tokenizer);

        assertThat(prompt.droppedMessages()).isPositive();
        assertThat(prompt.inputTokens()).isLessThanOrEqualTo(window - reserved);
        List<String> kept = turns.subList(prompt.droppedMessages(), turns.size()).stream().map(Prompt.Turn::text).toList();
        List<String> all = new ArrayList<>(List.of("System."));
        all.addAll(kept);
        assertThat(prompt.inputTokens()).isEqualTo(tokenizer.countPrompt(all));
        assertThat(prompt.messages().getLast()).isEqualTo(UserMessage.from(turns.getLast().text()));
        assertThat(prompt.messages().get(1)).as("the newest turns are kept, in order")
                .extracting(message -> message instanceof UserMessage user ? user.singleText() : ((AiMessage) message).text())
                .isEqualTo(kept.getFirst());
        // One more dropped message would have been needless: the prompt with it would not fit.
        List<String> withOneMore = new ArrayList<>(List.of("System."));
        withOneMore.addAll(turns.subList(prompt.droppedMessages() - 1, turns.size()).stream().map(Prompt.Turn::text).toList());
        assertThat(tokenizer.countPrompt(withOneMore)).isGreaterThan(window - reserved);
    }

    @Test
    void a_question_too_long_on_its_own_is_refused_with_the_numbers() {
        assertThatThrownBy(() -> Prompt.build("", List.of(new Prompt.Turn(true, "word ".repeat(500))), 300, 100, tokenizer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("This message is too long for the model: about").hasMessageContaining("takes 200");
    }
}
