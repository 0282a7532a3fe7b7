package dev.tokentally.base.ui;

import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.Command;
import com.vaadin.flow.shared.Registration;

/** Keeps a view live: pushes a refresh to its page whenever a subscription fires, for as long as it is attached. */
public final class Live {

    private Live() {
    }

    /**
     * @param subscribe subscribes the given callback and returns what cancels the subscription
     */
    public static void refreshWhileAttached(Component component, Function<Runnable, Runnable> subscribe, Command refresh) {
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            Runnable cancel = subscribe.apply(() -> ui.access(refresh));
            Registration[] detach = new Registration[1];
            detach[0] = component.addDetachListener(event -> {
                cancel.run();
                detach[0].remove();
            });
        });
    }
}
