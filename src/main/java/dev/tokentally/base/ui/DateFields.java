package dev.tokentally.base.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import java.util.Locale;

/**
 * Date fields that show and read a day the way {@link DateText} writes it ("2026-12-07"), whatever the browser's
 * locale, so a day typed or picked looks like every day on the page and is never read month-first by mistake.
 */
public final class DateFields {

    /** The one format of a day on screens, as a date picker pattern. */
    public static final String FORMAT = "yyyy-MM-dd";

    private DateFields() {
    }

    /** Makes the picker show and parse ISO days; keeps any messages already set on it. Returns the picker. */
    public static DatePicker iso(DatePicker picker) {
        DatePicker.DatePickerI18n i18n = picker.getI18n() == null ? new DatePicker.DatePickerI18n() : picker.getI18n();
        picker.setLocale(Locale.ENGLISH);
        picker.setI18n(i18n.setDateFormat(FORMAT).setFirstDayOfWeek(1));
        return picker;
    }
}
