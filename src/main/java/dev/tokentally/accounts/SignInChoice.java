package dev.tokentally.accounts;

/** A "Sign in with …" button of the login page: the provider's name and where the button leads. */
public record SignInChoice(String name, String url) {
}
