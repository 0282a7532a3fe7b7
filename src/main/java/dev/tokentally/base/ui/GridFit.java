package dev.tokentally.base.ui;

import java.util.Set;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.function.SerializableFunction;

/**
 * Grids that fit a laptop screen (1280 px and wider): long texts wrap inside their column instead of widening the grid
 * until its last columns, often the row's buttons, sit beyond the right edge.
 */
public final class GridFit {

    private GridFit() {
    }

    /**
     * Lets cell texts wrap and makes these columns share the room the others leave, instead of each being as wide as
     * its longest text; columns not named keep their width (buttons, short figures).
     */
    public static void wrap(Grid<?> grid, Grid.Column<?>... sharingTheRoom) {
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        for (Grid.Column<?> column : sharingTheRoom) {
            column.setAutoWidth(false).setWidth("5rem").setFlexGrow(1);
        }
    }

    /** {@link #wrap(Grid, Grid.Column[])} for all its columns: a small grid that must fit a phone. */
    public static void wrapAll(Grid<?> grid) {
        wrap(grid, grid.getColumns().toArray(Grid.Column<?>[]::new));
    }

    /** {@link #wrap(Grid, Grid.Column[])} for the columns with these headers. */
    public static void wrap(Grid<?> grid, String... headers) {
        Set<String> named = Set.of(headers);
        wrap(grid, grid.getColumns().stream().filter(column -> named.contains(column.getHeaderText()))
                .toArray(Grid.Column<?>[]::new));
    }

    /**
     * A column of texts that may be cut where a long word does not fit its wrapped cell: the whole text shows in a
     * tooltip.
     */
    public static <T> Grid.Column<T> text(Grid<T> grid, SerializableFunction<T, String> text) {
        return grid.addColumn(text::apply).setTooltipGenerator(text);
    }
}
