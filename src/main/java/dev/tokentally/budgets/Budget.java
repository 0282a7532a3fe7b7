package dev.tokentally.budgets;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import dev.tokentally.base.NoControlCharacters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A spending limit of an organization, one team (with its sub-teams), one member, one agent, one API key or the calls carrying one tag, per calendar day, week or month in the
 * organization's time zone (or a custom range), in its billing currency. Crossing a threshold sends an
 * alert; at 100 % a hard budget also blocks new chat calls in its scope.
 */
@Entity
@Table(name = "budget")
public class Budget {

    public enum Scope {
        ORGANIZATION, USER, AGENT, TEAM, API_KEY, TAG
    }

    public enum Period {
        DAILY, WEEKLY, MONTHLY, CUSTOM
    }

    public enum Enforcement {
        SOFT, HARD
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "organization_id")
    private Long organizationId;

    @NotBlank(message = "Name is required")
    @Size(max = 100, message = "Name is at most 100 characters")
    @NoControlCharacters
    private String name;

    @NotNull
    @Enumerated(EnumType.STRING)
    private Scope scope = Scope.ORGANIZATION;

    @Column(name = "user_id")
    private Long userId;

    @Column(name = "agent_name")
    private String agentName;

    @Column(name = "team_id")
    private Long teamId;

    @Column(name = "api_key_id")
    private Long apiKeyId;

    @Column(name = "tag_key")
    private String tagKey;

    @Column(name = "tag_value")
    private String tagValue;

    @NotNull
    @Enumerated(EnumType.STRING)
    private Period period = Period.MONTHLY;

    @Column(name = "starts_on")
    private LocalDate startsOn;

    @Column(name = "ends_on")
    private LocalDate endsOn;

    @NotNull(message = "Amount is required")
    @DecimalMin(value = "0", inclusive = false, message = "Amount must be more than 0")
    @Digits(integer = 12, fraction = 6, message = "Amount has at most 12 digits and 6 decimals")
    private BigDecimal amount;

    @NotBlank(message = "Give at least one threshold")
    @Pattern(regexp = "\\s*\\d{1,4}\\s*(,\\s*\\d{1,4}\\s*)*", message = "Percentages separated by commas, such as 50, 80, 100")
    private String thresholds = "50, 80, 100";

    @NotNull
    @Enumerated(EnumType.STRING)
    private Enforcement enforcement = Enforcement.SOFT;

    @NotNull
    @Size(max = 1000, message = "At most 1,000 characters")
    @Column(name = "extra_recipients")
    private String extraRecipients = "";

    /** The thresholds as numbers, in the order given. */
    public List<Integer> thresholdList() {
        return Arrays.stream(thresholds.split(",")).map(String::trim).filter(part -> !part.isEmpty())
                .map(Integer::valueOf).toList();
    }

    public List<String> extraRecipientList() {
        return Arrays.stream(extraRecipients.split("[,;\\s]+")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    public Long getId() {
        return id;
    }

    /** For a budget read by plain SQL (the gate's locking read), never for one JPA manages. */
    void setId(Long id) {
        this.id = id;
    }

    public Long getOrganizationId() {
        return organizationId;
    }

    void setOrganizationId(Long organizationId) {
        this.organizationId = organizationId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Scope getScope() {
        return scope;
    }

    public void setScope(Scope scope) {
        this.scope = scope;
    }

    public Long getUserId() {
        return userId;
    }

    public void setUserId(Long userId) {
        this.userId = userId;
    }

    public String getAgentName() {
        return agentName;
    }

    public void setAgentName(String agentName) {
        this.agentName = agentName;
    }

    public Long getTeamId() {
        return teamId;
    }

    public void setTeamId(Long teamId) {
        this.teamId = teamId;
    }

    public Long getApiKeyId() {
        return apiKeyId;
    }

    public void setApiKeyId(Long apiKeyId) {
        this.apiKeyId = apiKeyId;
    }

    public String getTagKey() {
        return tagKey;
    }

    public String getTagValue() {
        return tagValue;
    }

    /** A tag budget's tag as {@code key=value} (null: none), as its form edits it. */
    public String getTag() {
        return tagKey == null ? null : tagKey + "=" + tagValue;
    }

    /** Split at the first '=' as typed; {@link Budgets} checks it when the budget is saved. */
    public void setTag(String tag) {
        int equals = tag == null ? -1 : tag.indexOf('=');
        tagKey = tag == null || tag.isBlank() ? null : (equals < 0 ? tag : tag.substring(0, equals)).strip();
        tagValue = tagKey == null ? null : equals < 0 ? "" : tag.substring(equals + 1).strip();
    }

    public Period getPeriod() {
        return period;
    }

    public void setPeriod(Period period) {
        this.period = period;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public void setStartsOn(LocalDate startsOn) {
        this.startsOn = startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public void setEndsOn(LocalDate endsOn) {
        this.endsOn = endsOn;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public void setAmount(BigDecimal amount) {
        this.amount = amount;
    }

    public String getThresholds() {
        return thresholds;
    }

    public void setThresholds(String thresholds) {
        this.thresholds = thresholds;
    }

    public Enforcement getEnforcement() {
        return enforcement;
    }

    public void setEnforcement(Enforcement enforcement) {
        this.enforcement = enforcement;
    }

    public String getExtraRecipients() {
        return extraRecipients;
    }

    public void setExtraRecipients(String extraRecipients) {
        this.extraRecipients = extraRecipients == null ? "" : extraRecipients;
    }
}
