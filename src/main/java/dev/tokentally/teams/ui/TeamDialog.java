package dev.tokentally.teams.ui;

import java.util.List;
import java.util.Objects;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import dev.tokentally.base.ui.DialogButtons;
import dev.tokentally.base.ui.Saving;
import dev.tokentally.organizations.Team;
import dev.tokentally.teams.Teams;

/** Creates or edits a team: name, slug, description and an optional top-level parent; deletes it once confirmed. */
class TeamDialog extends Dialog {

    /** The form's bean; the service gets it as a {@link Teams.Draft}. */
    public static class Form {
        private String name = "";
        private String slug = "";
        private String description = "";
        private Team parent;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getSlug() {
            return slug;
        }

        public void setSlug(String slug) {
            this.slug = slug;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public Team getParent() {
            return parent;
        }

        public void setParent(Team parent) {
            this.parent = parent;
        }

        Teams.Draft draft() {
            return new Teams.Draft(name, slug == null ? null : slug.trim(), description, parent == null ? null : parent.id());
        }
    }

    interface Saver {
        void save(Teams.Draft draft);
    }

    final TextField name = new TextField("Name");
    final TextField slug = new TextField("Slug");
    final TextArea description = new TextArea("Description");
    final ComboBox<Team> parentId = new ComboBox<>("Parent team");
    final Button save = new Button("Save");

    /** @param delete deletes the team once confirmed; null for a new one */
    TeamDialog(Team team, List<Team> all, Saver saver, Runnable afterSave, Runnable delete) {
        setHeaderTitle(team == null ? "New team" : "Edit " + team.name());
        setWidth("36rem");
        Form form = new Form();
        if (team != null) {
            form.setName(team.name());
            form.setSlug(team.slug());
            form.setDescription(team.description());
            form.setParent(all.stream().filter(other -> Objects.equals(other.id(), team.parentId())).findFirst().orElse(null));
        }
        slug.setHelperText("Used by the API's team field, such as research");
        parentId.setItems(all.stream().filter(other -> other.parentId() == null && (team == null || other.id() != team.id())).toList());
        parentId.setItemLabelGenerator(Team::name);
        parentId.setClearButtonVisible(true);
        parentId.setHelperText("Optional; sub-teams go one level deep and count toward their parent's budgets");
        if (team == null) {
            name.addValueChangeListener(change -> {
                if (change.isFromClient() && (slug.isEmpty() || slug.getValue().equals(Slug.of(change.getOldValue())))) {
                    slug.setValue(Slug.of(change.getValue()));
                }
            });
        }
        Binder<Form> binder = new Binder<>(Form.class);
        binder.forField(name).asRequired("Name is required").bind("name");
        binder.forField(slug).asRequired("Slug is required").bind("slug");
        binder.forField(description).bind("description");
        binder.forField(parentId).bind("parent");
        binder.readBean(form);
        add(new FormLayout(name, slug, description, parentId));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.addClickListener(click -> {
            if (Saving.attempt(binder, form, edited -> {
                saver.save(edited.draft());
                return edited;
            })) {
                afterSave.run();
                close();
            }
        });
        DialogButtons.addToFooter(this, save, team == null ? "" : "Delete " + team.name() + "?",
                "Its memberships and budgets go; its sub-teams become top-level teams. Usage already recorded keeps the team.",
                delete);
        name.focus();
    }

    /** A slug suggested from a name: "Customer Support" becomes "customer-support". */
    static final class Slug {
        private Slug() {
        }

        static String of(String name) {
            String ascii = java.text.Normalizer.normalize(name == null ? "" : name, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "");
            String slug = ascii.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
            return slug.length() > 40 ? slug.substring(0, 40).replaceAll("-+$", "") : slug;
        }
    }
}
