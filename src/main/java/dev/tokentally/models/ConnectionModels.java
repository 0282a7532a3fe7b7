package dev.tokentally.models;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokentally.pricing.PriceSheet;

/**
 * The text forms an admin (or the environment) lists a connection's models in, bounded and checked before anything is
 * saved: an OpenAI-compatible server's models {@code llama-3.1-8b=0.1/0.2,other-model} (USD per million input/output
 * tokens; no price: unpriced unless the catalog prices it) and Azure's deployments {@code prod-4o=gpt-4o,mini=gpt-4o-mini},
 * each optionally with its own USD per million input/output(/cached input) tokens ({@code prod-4o=gpt-4o=2.25/9/1.1}).
 */
final class ConnectionModels {

    /** One model of a compatible connection; null prices: none given. */
    record Listed(String name, BigDecimal input, BigDecimal output) {
        boolean priced() {
            return input != null;
        }

        /** The same model at the same price (scale ignored). */
        boolean samePriceAs(Listed other) {
            return name.equals(other.name) && priced() && other.priced() && input.compareTo(other.input) == 0
                    && output.compareTo(other.output) == 0;
        }
    }

    /** One Azure deployment: the catalog model it serves and, when its admin gives one, its own price (null: the model's). */
    record Deployment(String model, PriceSheet price) {
    }

    static final int MAX_ENTRIES = 200;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,199}");
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String NUMBER = "(\\d{1,9}(?:\\.\\d{1,12})?)";
    private static final Pattern PRICE = Pattern.compile(NUMBER + "/" + NUMBER);
    private static final Pattern DEPLOYMENT_PRICE = Pattern.compile(NUMBER + "/" + NUMBER + "(?:/" + NUMBER + ")?");

    private ConnectionModels() {
    }

    /** @throws IllegalArgumentException naming the first entry that is not a model with an optional price */
    static List<Listed> models(String text) {
        List<Listed> models = new ArrayList<>();
        for (String entry : entries(text)) {
            int equals = entry.indexOf('=');
            String name = (equals < 0 ? entry : entry.substring(0, equals)).trim();
            if (!MODEL.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + shorten(name) + "' is not a model name (letters, digits and . _ - : / @ +)");
            }
            if (models.stream().anyMatch(model -> model.name().equals(name))) {
                throw new IllegalArgumentException(name + " is listed twice");
            }
            if (equals < 0) {
                models.add(new Listed(name, null, null));
                continue;
            }
            Matcher price = PRICE.matcher(entry.substring(equals + 1).trim());
            if (!price.matches()) {
                throw new IllegalArgumentException("The price of " + name + " must be USD per million input/output tokens, as "
                        + name + "=0.1/0.2 (or no price: unpriced)");
            }
            models.add(new Listed(name, new BigDecimal(price.group(1)), new BigDecimal(price.group(2))));
        }
        return models;
    }

    /** Deployment name to its model and price, in order. @throws IllegalArgumentException naming the first bad entry */
    static Map<String, Deployment> deployments(String text) {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (String entry : entries(text)) {
            String[] parts = entry.split("=", -1);
            String deployment = parts[0].trim();
            String model = parts.length > 1 ? parts[1].trim() : "";
            if (parts.length > 3 || !DEPLOYMENT.matcher(deployment).matches() || !MODEL.matcher(model).matches()) {
                throw new IllegalArgumentException("'" + shorten(entry) + "' is not a deployment and its model, as prod-4o=gpt-4o"
                        + " (or prod-4o=gpt-4o=2.5/10 with its own price)");
            }
            Matcher price = DEPLOYMENT_PRICE.matcher(parts.length == 3 ? parts[2].trim() : "");
            if (parts.length == 3 && !price.matches()) {
                throw new IllegalArgumentException("The price of " + deployment + " must be USD per million input/output tokens"
                        + " (and cached input), as " + deployment + "=" + model + "=2.5/10 or =2.5/10/1.25");
            }
            PriceSheet sheet = parts.length < 3 ? null : new PriceSheet(new BigDecimal(price.group(1)),
                    price.group(3) == null ? null : new BigDecimal(price.group(3)), null, null, new BigDecimal(price.group(2)), null);
            if (deployments.putIfAbsent(deployment, new Deployment(model, sheet)) != null) {
                throw new IllegalArgumentException(deployment + " is listed twice");
            }
        }
        return deployments;
    }

    /** A deployment as its admin lists it, with its own price if it has one. */
    static String format(String deployment, String model, PriceSheet price) {
        return deployment + "=" + model + (price == null ? "" : "=" + plain(price.input()) + "/" + plain(price.output())
                + (price.cachedInput() == null ? "" : "/" + plain(price.cachedInput())));
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    static String format(List<Listed> models) {
        return String.join(",", models.stream().map(model -> model.priced() ? model.name() + "="
                + model.input().stripTrailingZeros().toPlainString() + "/" + model.output().stripTrailingZeros().toPlainString()
                : model.name()).toList());
    }

    private static List<String> entries(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.length() > 20_000) {
            throw new IllegalArgumentException("The list is longer than 20,000 characters");
        }
        List<String> entries = new ArrayList<>();
        for (String entry : text.split("[,\\n]")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("At most " + MAX_ENTRIES + " entries");
        }
        return entries;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
