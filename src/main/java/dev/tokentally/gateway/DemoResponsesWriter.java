package dev.tokentally.gateway;

import java.util.UUID;

import dev.langchain4j.model.chat.response.ChatResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo model's answer as OpenAI's Responses API gives it: one response object, or the events of its stream
 * ({@code response.created}, {@code response.in_progress}, the output item and its text part added, the text's
 * deltas, the text, part and item done, then {@code response.completed} with the usage), each with its
 * {@code sequence_number}. What the request said of itself ({@code instructions}, {@code previous_response_id},
 * {@code store}, ...) comes back in the response, as OpenAI echoes it.
 */
final class DemoResponsesWriter extends DemoProvider.Writer {

    private final JsonNode request;
    private final long created;
    private final String id = "resp_demo_" + UUID.randomUUID().toString().replace("-", "");
    private final String itemId = "msg_demo_" + UUID.randomUUID().toString().replace("-", "");
    private int sequence;

    DemoResponsesWriter(String model, QueueInputStream body, boolean stream, JsonNode request, long created) {
        super(model, body, stream);
        this.request = request;
        this.created = created;
    }

    @Override
    public void onPartialResponse(String token) {
        if (stream && answer.isEmpty()) {
            streamed("response.created", object().set("response", response("in_progress")));
            streamed("response.in_progress", object().set("response", response("in_progress")));
            streamed("response.output_item.added", object().put("output_index", 0).set("item", item("in_progress", null)));
            streamed("response.content_part.added", part().set("part", text("")));
        }
        answer.append(token);
        if (stream) {
            streamed("response.output_text.delta", part().put("delta", token).set("logprobs", WireFormat.JSON.createArrayNode()));
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse answered) {
        boolean cutOff = cutOff(answered);
        ObjectNode done = response(cutOff ? "incomplete" : "completed");
        done.putArray("output").add(item("completed", answer.toString()));
        if (cutOff) {
            done.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        ObjectNode usage = done.putObject("usage").put("input_tokens", answered.tokenUsage().inputTokenCount());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", answered.tokenUsage().outputTokenCount());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", answered.tokenUsage().totalTokenCount());
        if (stream) {
            streamed("response.output_text.done", part().put("text", answer.toString()).set("logprobs", WireFormat.JSON.createArrayNode()));
            streamed("response.content_part.done", part().set("part", text(answer.toString())));
            streamed("response.output_item.done", object().put("output_index", 0).set("item", item("completed", answer.toString())));
            streamed(cutOff ? "response.incomplete" : "response.completed", object().set("response", done));
        } else {
            body.write(WireFormat.JSON.writeValueAsBytes(done));
        }
        body.end();
    }

    /** An event of the stream: its name both as the SSE event and as its {@code type}, and its place in the stream. */
    private void streamed(String type, ObjectNode event) {
        ObjectNode named = object().put("type", type).put("sequence_number", sequence++);
        named.setAll(event);
        event(type, named);
    }

    /** The response as it stands, without output or usage yet. */
    private ObjectNode response(String status) {
        ObjectNode response = object().put("id", id).put("object", "response").put("created_at", created).put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", request.get("instructions"));
        response.set("max_output_tokens", request.get("max_output_tokens"));
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", true);
        response.set("previous_response_id", request.get("previous_response_id"));
        response.putObject("reasoning").putNull("effort").putNull("summary");
        response.put("store", request.path("store").asBoolean(true));
        response.put("temperature", 1.0);
        response.putObject("text").putObject("format").put("type", "text");
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.put("top_p", 1.0);
        response.put("truncation", "disabled");
        response.putNull("usage");
        response.putNull("user");
        response.putObject("metadata");
        return response;
    }

    private ObjectNode item(String status, String text) {
        ObjectNode item = object().put("id", itemId).put("type", "message").put("status", status).put("role", "assistant");
        var content = item.putArray("content");
        if (text != null) {
            content.add(text(text));
        }
        return item;
    }

    /** Where the text part stands: the event fields that name it. */
    private ObjectNode part() {
        return object().put("item_id", itemId).put("output_index", 0).put("content_index", 0);
    }

    private static ObjectNode text(String text) {
        ObjectNode part = object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }
}
