package dev.tokentally.pricing;

import java.util.List;

/** An import file is not what it claims to be; each problem names its line or model and field. */
public class ImportFormatException extends RuntimeException {

    private final List<String> problems;

    public ImportFormatException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst() : problems.size() + " problems, first: " + problems.getFirst());
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
