package dev.tokentally.ui;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Problem details (RFC 9457) written before a request reaches a controller. */
final class Problems {

    private Problems() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}");
    }
}
