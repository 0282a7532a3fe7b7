package dev.tokentally.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The body as the provider gets it: the client's bytes, with the model under the provider's own name and, for an
 * OpenAI stream, {@code stream_options.include_usage} set, so that the stream ends with the usage the ledger needs.
 * Only those spans change; everything else passes byte for byte.
 */
final class BodyRewrite {

    private record Edit(int start, int end, String replacement) {
    }

    private final List<Edit> edits = new ArrayList<>();

    private BodyRewrite() {
    }

    /** @return the body to send: the same chunks when nothing had to change */
    static List<byte[]> forProvider(ChunkedBytes body, CallFields fields, String providerModel, boolean askForStreamUsage) {
        BodyRewrite rewrite = new BodyRewrite();
        if (fields.modelSpan() != null && !providerModel.equals(fields.model())) {
            rewrite.replace(fields.modelSpan(), WireFormat.JSON.writeValueAsString(providerModel));
        }
        if (askForStreamUsage) {
            rewrite.askForUsage(fields);
        }
        return rewrite.applyTo(body);
    }

    private void askForUsage(CallFields fields) {
        CallFields.StreamOptions options = fields.streamOptions();
        if (options == null) {
            edits.add(new Edit(fields.rootStart() + 1, fields.rootStart() + 1, "\"stream_options\":{\"include_usage\":true},"));
        } else if (!options.isObject()) {
            replace(options.span(), "{\"include_usage\":true}");
        } else if (options.includeUsage() == null) {
            int afterBrace = options.span().start() + 1;
            edits.add(new Edit(afterBrace, afterBrace, options.empty() ? "\"include_usage\":true" : "\"include_usage\":true,"));
        } else if (!options.includeUsage()) {
            replace(options.includeUsageSpan(), "true");
        }
    }

    private void replace(CallFields.Span span, String replacement) {
        edits.add(new Edit(span.start(), span.end(), replacement));
    }

    private List<byte[]> applyTo(ChunkedBytes body) {
        if (edits.isEmpty()) {
            return body.chunks();
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        ChunkedBytes.Builder out = new ChunkedBytes.Builder();
        long at = 0;
        for (Edit edit : edits) {
            out.append(body, at, edit.start()).append(edit.replacement());
            at = edit.end();
        }
        return out.append(body, at, body.length()).build();
    }
}
