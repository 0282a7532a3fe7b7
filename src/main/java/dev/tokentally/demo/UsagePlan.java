package dev.tokentally.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tokentally.pricing.TokenCounts;
import dev.tokentally.usage.Attribution;
import dev.tokentally.usage.ReportedCall;
import dev.tokentally.usage.UsageSource;

/**
 * Sixty days of one organization's model calls, as its applications would report them: more on weekdays
 * than at weekends, growing over the two months, with one day of a big batch run. The same profile and the
 * same "now" always give the same calls; every day is placed relative to "now", so the demo looks current.
 */
final class UsagePlan {

    static final int DAYS = 60;
    /** The batch run's day, counted back from today. */
    static final int SPIKE_DAYS_AGO = 12;
    private static final long SEED = 20261201L;

    /** A choice drawn in proportion to its weight. */
    sealed interface Weighted permits Caller, Model {
        int weight();
    }

    /** Who makes the calls: a member, an agent run by a member, or an application's own user ({@code externalUser}). */
    record Caller(Long userId, String externalUser, String agent, int weight) implements Weighted {
    }

    /** How a model's calls use the provider's prompt cache. */
    enum Caching {
        NONE, OPENAI, ANTHROPIC
    }

    record Model(String provider, String name, int weight, int typicalInput, int typicalOutput, Caching caching)
            implements Weighted {
    }

    /**
     * @param weekdayCalls calls on a weekday at the end of the two months; the first weeks see about half
     * @param batchAgent   the agent whose batch run makes the spike day
     */
    record Profile(String slug, ZoneId zone, int weekdayCalls, List<Caller> callers, List<Model> models, Caller batchAgent,
                   Model batchModel) {
    }

    private UsagePlan() {
    }

    static List<ReportedCall> calls(Profile profile, Instant now) {
        Random random = new Random(SEED + profile.slug().hashCode());
        LocalDate today = now.atZone(profile.zone()).toLocalDate();
        List<ReportedCall> calls = new ArrayList<>();
        for (int ago = DAYS - 1; ago >= 0; ago--) {
            LocalDate day = today.minusDays(ago);
            Instant start = day.atStartOfDay(profile.zone()).toInstant();
            // Today's calls happen between midnight and now, as many as the hours gone allow.
            double share = ago == 0 ? Math.min(1, Duration.between(start, now).toMinutes() / (24 * 60.0)) : 1;
            Duration span = ago == 0 ? Duration.between(start, now) : Duration.ofDays(1);
            int count = (int) Math.round(callsOn(profile, day, ago, random) * share);
            for (int i = 0; i < count; i++) {
                Instant at = start.plusSeconds((long) (workingHours(random) * span.toSeconds()));
                calls.add(call(profile, "demo:" + profile.slug() + ":" + day + ":" + i, pick(profile.callers(), random),
                        pick(profile.models(), random), at, random));
            }
            if (ago == SPIKE_DAYS_AGO) {
                for (int i = 0; i < profile.weekdayCalls(); i++) {
                    Instant at = start.plus(Duration.ofHours(1)).plusSeconds(i * 20L);
                    calls.add(call(profile, "demo:" + profile.slug() + ":" + day + ":batch:" + i, profile.batchAgent(),
                            profile.batchModel(), at, random));
                }
            }
        }
        return calls;
    }

    private static int callsOn(Profile profile, LocalDate day, int ago, Random random) {
        double growth = 0.5 + 0.5 * (DAYS - 1 - ago) / (DAYS - 1.0);
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        double noise = 0.8 + 0.4 * random.nextDouble();
        return (int) Math.round(profile.weekdayCalls() * growth * (weekend ? 0.15 : 1) * noise);
    }

    /** A moment of the day as a fraction, mostly between 8:00 and 19:00. */
    private static double workingHours(Random random) {
        double hour = random.nextDouble() < 0.9 ? 8 + 11 * random.nextDouble() : 24 * random.nextDouble();
        return Math.min(hour / 24, 0.9999);
    }

    private static ReportedCall call(Profile profile, String key, Caller caller, Model model, Instant at, Random random) {
        long input = around(model.typicalInput(), random);
        long output = around(model.typicalOutput(), random);
        long cached = 0;
        long written = 0;
        switch (model.caching()) {
            // OpenAI counts cached tokens inside the input; Anthropic reports cache reads and writes beside it.
            case OPENAI -> cached = random.nextInt(2) == 0 ? 0 : input / 1024 * 1024 / 2;
            case ANTHROPIC -> {
                cached = random.nextInt(10) < 6 ? around(model.typicalInput() * 3L, random) : 0;
                written = cached == 0 && random.nextInt(3) == 0 ? around(model.typicalInput() * 2L, random) : 0;
            }
            case NONE -> {
            }
        }
        return new ReportedCall(key, model.provider(), model.name(), new TokenCounts(input, cached, written, 0, output, 0, 1),
                Attribution.of(caller.userId(), caller.externalUser(), caller.agent(), null), null, at, null, null, false, UsageSource.API);
    }

    /** Half to one and a half times the typical count. */
    private static long around(long typical, Random random) {
        return Math.max(1, Math.round(typical * (0.5 + random.nextDouble())));
    }

    private static <T extends Weighted> T pick(List<T> options, Random random) {
        int total = options.stream().mapToInt(Weighted::weight).sum();
        int roll = random.nextInt(total);
        for (T option : options) {
            roll -= option.weight();
            if (roll < 0) {
                return option;
            }
        }
        throw new IllegalStateException("No options");
    }
}
