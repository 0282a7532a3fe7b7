package dev.tokentally.teams.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tokentally.apikeys.ApiKeyPrincipal;
import dev.tokentally.organizations.Team;
import dev.tokentally.organizations.TeamDirectory;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The teams of the API key's organization, for callers that name a team when they report usage. */
@RestController
class TeamsApiController {

    @Schema(description = "A team of the organization; parent is the slug of its parent team, null for a top-level team")
    record TeamJson(String slug, String name, String parent) {
    }

    record TeamList(List<TeamJson> teams) {
    }

    private final TeamDirectory teams;

    TeamsApiController(TeamDirectory teams) {
        this.teams = teams;
    }

    @GetMapping(path = "/api/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
    TeamList teams(@AuthenticationPrincipal ApiKeyPrincipal key) {
        List<Team> all = teams.all(key.organizationId());
        Map<Long, String> slugs = all.stream().collect(Collectors.toMap(Team::id, Team::slug));
        return new TeamList(all.stream()
                .map(team -> new TeamJson(team.slug(), team.name(), team.parentId() == null ? null : slugs.get(team.parentId())))
                .toList());
    }
}
