package dev.tokentally.gateway;

/**
 * A call the provider received but did not answer in full: no answer in time, or an answer cut off before its
 * usage. The provider bills such a call, so it is recorded as estimated even though the caller gets an error.
 */
class Unanswered extends GatewayException {

    Unanswered(Kind kind, String message) {
        super(kind, message);
    }
}
