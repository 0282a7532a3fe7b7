package dev.tokentally.gateway;

import dev.tokentally.base.SeedData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** In demo mode Acme may call demo-mini, gpt-4o-mini and claude-sonnet-4-5 through the gateway. */
@Component
class GatewayDemoData implements SeedData {

    private final JdbcClient jdbc;

    GatewayDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "gateway-demo";
    }

    @Override
    public int order() {
        return 21;
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void load() {
        jdbc.sql("""
                        insert into allowed_model (organization_id, model_id)
                        select o.id, m.id from organization o, model m join provider p on p.id = m.provider_id
                        where o.slug = 'acme'
                          and p.code || '/' || m.name in ('demo/demo-mini', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5')
                        on conflict do nothing""").update();
    }
}
