package dev.tokentally.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway takes from a caller before it costs anything ({@code tokentally.gateway.*}).
 *
 * @param maxBodySize        a larger request body is refused with 413
 * @param bodyMemory         the request bodies held in memory at once, all calls together; a call whose body does not
 *                           fit waits for room
 * @param bodyMemoryWait     how long it waits before it is answered 503
 * @param allowServerTools   whether calls may switch on providers' server-side tools (web search, web fetch, code
 *                           execution, MCP), whose fees no price covers
 * @param anthropicBetas     the {@code anthropic-beta} features passed to Anthropic; any other is refused, since a
 *                           beta can switch on a feature that costs what no price covers
 */
@ConfigurationProperties("tokentally.gateway")
record GatewayLimits(@DefaultValue("20MB") DataSize maxBodySize, @DefaultValue("64MB") DataSize bodyMemory,
                     @DefaultValue("30s") Duration bodyMemoryWait, @DefaultValue("false") boolean allowServerTools,
                     @DefaultValue({"prompt-caching-2024-07-31", "extended-cache-ttl-2025-04-11", "token-efficient-tools-2025-02-19",
                             "fine-grained-tool-streaming-2025-05-14", "interleaved-thinking-2025-05-14",
                             "output-128k-2025-02-19"}) List<String> anthropicBetas) {
}
