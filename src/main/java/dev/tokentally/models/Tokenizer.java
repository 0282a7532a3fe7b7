package dev.tokentally.models;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.springframework.stereotype.Component;

/**
 * Counts tokens with OpenAI's o200k_base encoding. Exact for OpenAI's current models and the demo model,
 * an estimate for other providers, which is why counts from here are flagged "estimated" when a provider
 * reports none.
 */
@Component
public class Tokenizer {

    /** OpenAI's chat format adds about this many tokens per message, and this many to prime the answer. */
    public static final int PER_MESSAGE = 3;
    public static final int PER_ANSWER = 3;

    /** Read on a thread of its own: the encoding's 200,000 ranks take about half a second of the start. */
    private final CompletableFuture<Encoding> encoding = CompletableFuture.supplyAsync(
            () -> Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE),
            runnable -> Thread.ofPlatform().name("tokenizer-load").start(runnable));

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.join().countTokensOrdinary(text);
    }

    /** One message of a prompt, with its framing. */
    public int countMessage(String text) {
        return PER_MESSAGE + count(text);
    }

    /** A prompt of several messages as the provider counts it: their text plus the chat format's framing. */
    public int countPrompt(List<String> messages) {
        int total = PER_ANSWER;
        for (String message : messages) {
            total += countMessage(message);
        }
        return total;
    }
}
