package dev.tokentally.ui;

import java.util.List;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tokentally.accounts.IdentityProviders;
import dev.tokentally.accounts.OidcSignIn;
import dev.tokentally.accounts.SignInChoice;
import dev.tokentally.base.DemoMode;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;

/**
 * Sign-in, email first (home-realm discovery): the page asks for the address, then offers the identity provider
 * of its domain, if one signs it in, beside the password form. It never lists the providers of every organization;
 * only platform-wide providers flagged for everyone are shown before an address is given. In demo mode it lists
 * the demo accounts.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Tokentally")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String DEMO_ACCOUNTS = "root@tokentally.test (platform admin), admin@acme.test, "
            + "alice@acme.test, bob@acme.test, admin@globex.test, admin@initech.test (prepaid), carol@initech.test";

    final EmailField email = new EmailField("Email");
    final Button next = new Button("Continue");
    /** After the address: who signs in, and a way back to another address. */
    final Span signingInAs = new Span();
    final Button otherEmail = new Button("Use another email");
    final LoginForm form = new LoginForm();
    /** "Sign in with …" links: the address's provider, or before an address the ones shown to everyone. */
    final Div signInOptions = new Div();
    final Div emailStep;
    private final Div passwordStep;
    private final AuthenticationContext authentication;
    private final IdentityProviders identityProviders;

    LoginView(DemoMode demoMode, AuthenticationContext authentication, IdentityProviders identityProviders) {
        this.authentication = authentication;
        this.identityProviders = identityProviders;
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        H1 title = new H1("Tokentally");
        title.addClassNames(LumoUtility.FontSize.XXXLARGE, LumoUtility.Margin.Bottom.NONE);
        Paragraph tagline = new Paragraph("Every token your organization spends, in exact money.");
        tagline.addClassNames(LumoUtility.TextColor.SECONDARY);

        email.setId("email");
        email.setWidthFull();
        email.setAutofocus(true);
        email.setClearButtonVisible(true);
        email.setErrorMessage("Enter your email address, such as you@example.com");
        email.getElement().setAttribute("autocomplete", "username");
        next.setId("continue");
        next.setWidthFull();
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.addClickShortcut(Key.ENTER).listenOn(email);
        next.addClickListener(event -> continueWith(email.getValue()));
        emailStep = new Div(email, next);
        emailStep.setId("email-step");
        emailStep.setWidth("18rem");
        emailStep.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.SMALL);

        signingInAs.setId("signing-in-as");
        otherEmail.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        otherEmail.addClickListener(event -> askForEmail());
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(i18n(null, null));
        passwordStep = new Div(signingInAs, otherEmail);
        passwordStep.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.SMALL,
                LumoUtility.FontSize.SMALL);

        signInOptions.setId("sign-in-options");
        signInOptions.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.SMALL,
                LumoUtility.Width.FULL, LumoUtility.AlignItems.CENTER);
        add(title, tagline, emailStep, passwordStep, signInOptions, form);

        if (demoMode.enabled()) {
            Div demo = new Div(new Span("Demo mode. Sign in as any of " + DEMO_ACCOUNTS + " with the password "),
                    new Span("demo"));
            demo.setId("demo-accounts");
            demo.setMaxWidth("24rem");
            demo.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY,
                    LumoUtility.Background.CONTRAST_5, LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM);
            add(demo);
        }
    }

    /** Step one: the address alone, and the providers shown to everyone. */
    private void askForEmail() {
        emailStep.setVisible(true);
        passwordStep.setVisible(false);
        form.setVisible(false);
        showChoices(identityProviders.publicSignInChoices());
        email.focus();
    }

    /** Step two: the provider of the address's domain, if one signs it in, and the password form with the address in it. */
    void continueWith(String address) {
        String typed = address == null ? "" : address.strip();
        if (typed.isEmpty() || email.isInvalid() || typed.indexOf('@') < 1) {
            email.setInvalid(true);
            return;
        }
        emailStep.setVisible(false);
        signingInAs.setText("Signing in as " + typed);
        passwordStep.setVisible(true);
        showChoices(identityProviders.signInChoicesFor(typed));
        showPasswordForm(typed);
    }

    private void showPasswordForm(String username) {
        form.setVisible(true);
        if (username != null) {
            // The form renders its fields in the browser; the address goes into them there.
            form.getElement().executeJs("""
                    customElements.whenDefined('vaadin-login-form').then(() => this.updateComplete).then(() => {
                      const user = this.querySelector('#vaadinLoginUsername');
                      if (user) { user.value = $0; }
                      this.querySelector('#vaadinLoginPassword')?.focus();
                    });""", username);
        }
    }

    private void showChoices(List<SignInChoice> choices) {
        signInOptions.removeAll();
        choices.forEach(choice -> signInOptions.add(signInWith(choice)));
    }

    /** A plain link the router leaves alone: Spring Security's client starts the sign-in at that address. */
    private static Anchor signInWith(SignInChoice choice) {
        Anchor link = new Anchor(choice.url(), "Sign in with " + choice.name());
        link.setRouterIgnore(true);
        link.addClassNames(LumoUtility.Display.FLEX, LumoUtility.JustifyContent.CENTER, LumoUtility.Width.FULL,
                LumoUtility.Padding.SMALL, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Border.ALL,
                LumoUtility.BorderColor.CONTRAST_30, LumoUtility.FontWeight.SEMIBOLD);
        link.setMaxWidth("18rem");
        return link;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (authentication.isAuthenticated()) {
            event.forwardTo("");
            return;
        }
        askForEmail();
        if (event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            // Back from a refused sign-in: the form says why, and takes the address again.
            emailStep.setVisible(false);
            showPasswordForm(null);
            Exception failure = lastFailure();
            if (failure instanceof LockedException) {
                form.setI18n(i18n("Account locked",
                        "Five wrong passwords in a row lock the account for 15 minutes. Try again later."));
            } else if (failure instanceof DisabledException) {
                form.setI18n(i18n("Account deactivated", "Ask an administrator of your organization."));
            } else if (failure instanceof CredentialsExpiredException) {
                form.setI18n(i18n("Password sign-in is off",
                        "Your organization signs in through its identity provider: give your email and use its Sign in with button."));
            } else if (failure instanceof OAuth2AuthenticationException refused) {
                form.setI18n(OidcSignIn.REFUSED.equals(refused.getError().getErrorCode())
                        ? i18n("Sign-in refused", refused.getError().getDescription())
                        : i18n("Sign-in with the identity provider failed", "Try again, or ask your administrator if it keeps "
                                + "failing (" + refused.getError().getErrorCode() + ")."));
            }
            form.setError(true);
            passwordStep.setVisible(true);
            signingInAs.setText("");
        }
    }

    /** Spring Security keeps the reason of the last failed sign-in in the session. */
    private static Exception lastFailure() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        HttpSession session = request == null ? null : request.getHttpServletRequest().getSession(false);
        return session == null ? null : (Exception) session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }

    private static LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("Email");
        if (errorTitle == null) {
            i18n.getErrorMessage().setTitle("Wrong email or password");
            i18n.getErrorMessage().setMessage("Check them and try again. Five wrong passwords in a row lock the account for 15 minutes.");
        } else {
            i18n.getErrorMessage().setTitle(errorTitle);
            i18n.getErrorMessage().setMessage(errorMessage);
        }
        return i18n;
    }
}
