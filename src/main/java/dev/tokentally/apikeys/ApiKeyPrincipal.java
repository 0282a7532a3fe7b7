package dev.tokentally.apikeys;

import java.io.Serializable;

/** Who calls the API: an organization, through one of its keys. */
public record ApiKeyPrincipal(long keyId, long organizationId, String keyName) implements Serializable {
}
