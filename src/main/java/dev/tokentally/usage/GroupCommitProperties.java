package dev.tokentally.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How single recordings are gathered into shared transactions ({@link GroupCommit}): the committer threads, how long
 * a committer waits for company while another group is being committed, the largest group, and how long a caller
 * waits for its group's answer before it is failed.
 */
@ConfigurationProperties("tokentally.usage.group-commit")
record GroupCommitProperties(int committers, Duration maxWait, int maxSize, Duration timeout) {

    GroupCommitProperties {
        if (committers < 1 || maxSize < 1 || maxWait == null || maxWait.isNegative() || timeout == null
                || !timeout.isPositive()) {
            throw new IllegalArgumentException("tokentally.usage.group-commit needs committers and max-size of 1 or more, "
                    + "a max-wait of 0 or more and a positive timeout");
        }
    }
}
