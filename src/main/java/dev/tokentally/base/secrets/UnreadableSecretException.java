package dev.tokentally.base.secrets;

/**
 * A stored secret that this instance's key cannot open: sealed with another TOKENTALLY_SECRET_KEY (two instances
 * started with different keys, or the key changed), or tampered with.
 */
public class UnreadableSecretException extends IllegalStateException {

    public UnreadableSecretException(Throwable cause) {
        super("A stored secret cannot be decrypted: was TOKENTALLY_SECRET_KEY changed?", cause);
    }
}
