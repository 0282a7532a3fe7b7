package dev.tokentally.chat;

import java.math.BigDecimal;

import dev.tokentally.base.NoControlCharacters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A ready-made assistant of an organization: a system prompt, a model and its settings, under a name. */
@Entity
@Table(name = "agent")
public class Agent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "organization_id")
    private Long organizationId;

    @NotBlank(message = "Name is required")
    @Size(max = 80, message = "Name is at most 80 characters")
    @NoControlCharacters
    private String name;

    @NotNull
    @Size(max = 500, message = "Description is at most 500 characters")
    private String description = "";

    @NotNull
    @Size(max = 20000, message = "System prompt is at most 20,000 characters")
    @Column(name = "system_prompt")
    private String systemPrompt = "";

    @NotNull(message = "Choose a model")
    @Column(name = "model_id")
    private Long modelId;

    @DecimalMin(value = "0", message = "Temperature is between 0 and 2")
    @DecimalMax(value = "2", message = "Temperature is between 0 and 2")
    private BigDecimal temperature;

    @Min(value = 1, message = "At least 1 token")
    @Max(value = 1_000_000, message = "At most 1,000,000 tokens")
    @Column(name = "max_output_tokens")
    private Integer maxOutputTokens;

    private boolean enabled = true;

    /** The team everything the agent answers is charged to; null: the member's team. */
    @Column(name = "team_id")
    private Long teamId;

    public Long getId() {
        return id;
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

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description == null ? "" : description;
    }

    public String getSystemPrompt() {
        return systemPrompt;
    }

    public void setSystemPrompt(String systemPrompt) {
        this.systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    public Long getModelId() {
        return modelId;
    }

    public void setModelId(Long modelId) {
        this.modelId = modelId;
    }

    public BigDecimal getTemperature() {
        return temperature;
    }

    public void setTemperature(BigDecimal temperature) {
        this.temperature = temperature;
    }

    public Integer getMaxOutputTokens() {
        return maxOutputTokens;
    }

    public void setMaxOutputTokens(Integer maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Long getTeamId() {
        return teamId;
    }

    public void setTeamId(Long teamId) {
        this.teamId = teamId;
    }
}
