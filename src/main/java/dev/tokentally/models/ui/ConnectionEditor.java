package dev.tokentally.models.ui;

import dev.tokentally.models.ProviderConnection;
import dev.tokentally.models.ProviderKind;

/**
 * The Providers page's dialog for the connections of one kind with settings of its own (Bedrock's region, Vertex's
 * project); a Spring bean beside its dialog. A kind without one is edited in {@link ConnectionDialog}.
 */
interface ConnectionEditor {

    ProviderKind kind();

    /** Opens the dialog on the connection (null: a new one, for a kind that has several); {@code saved} runs after a save. */
    void open(ProviderConnection connection, Runnable saved);
}
