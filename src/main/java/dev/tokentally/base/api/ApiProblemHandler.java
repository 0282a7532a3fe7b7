package dev.tokentally.base.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.tokentally.base.FieldRejectedException;
import dev.tokentally.base.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every refusal of every REST API as one kind of RFC 9457 problem detail ({@code application/problem+json}):
 * status, title, detail and, where fields are at fault, {@code errors}: a list of {@code field} and
 * {@code message}. A body the APIs cannot use is 422, a bad query parameter 400, a body over its limit 413;
 * Spring MVC's own refusals (405, 406, 415, a missing parameter) keep their status. The one place for this: the
 * filters before the controllers write theirs with {@link Problems}.
 */
@RestControllerAdvice
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> refused(ApiProblem refused) {
        return problem(refused.status(), refused.title(), refused.getMessage(), refused.problems());
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(NotFoundException missing) {
        return problem(HttpStatus.NOT_FOUND, "Not found", missing.getMessage(), List.of());
    }

    @ExceptionHandler
    ResponseEntity<Object> rejected(FieldRejectedException rejected) {
        return invalidBody(List.of(new FieldProblem(rejected.field(), rejected.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<Object> violated(ConstraintViolationException violated) {
        return invalidBody(RequestProblems.of(violated.getConstraintViolations(), ""));
    }

    /**
     * A failure of an API nobody foresaw is still a problem detail; its cause goes to the log, not to the caller.
     * Other requests (the views) keep the servlet container's handling.
     */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception failure, HttpServletRequest request) throws Exception {
        if (!request.getRequestURI().startsWith("/api/")) {
            throw failure;
        }
        BodyTooLargeException tooLarge = cause(failure, BodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        log.error("API request failed", failure);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; it has been logged.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
                                                                  HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = cause(unreadable, BodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge);
        }
        JacksonException cause = cause(unreadable, JacksonException.class);
        FieldProblem problem = cause == null ? new FieldProblem("body", "is missing or not valid JSON")
                : RequestProblems.of(cause, "");
        return invalidBody(List.of(problem));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<ConstraintViolation<?>> violations = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (var error : invalid.getBindingResult().getAllErrors()) {
            if (error.contains(ConstraintViolation.class)) {
                violations.add(error.unwrap(ConstraintViolation.class));
            } else {
                problems.add(new FieldProblem(error instanceof FieldError field ? field.getField() : "body",
                        error.getDefaultMessage()));
            }
        }
        problems.addAll(RequestProblems.of(violations, ""));
        return invalidBody(problems);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException invalid,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (ParameterValidationResult result : invalid.getParameterValidationResults()) {
            RequestParam param = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
            String name = param != null && !param.name().isEmpty() ? param.name()
                    : param != null && !param.value().isEmpty() ? param.value() : result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                problems.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", ApiProblem.summary(problems), problems);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException mismatch, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = mismatch.getPropertyName() == null ? "parameter" : mismatch.getPropertyName();
        Class<?> type = mismatch.getRequiredType();
        String message = type == java.time.LocalDate.class ? "must be a date YYYY-MM-DD"
                : type == int.class || type == long.class || type == Integer.class || type == Long.class
                ? "must be a whole number in range" : "has the wrong form";
        List<FieldProblem> problems = List.of(new FieldProblem(name, message));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", ApiProblem.summary(problems), problems);
    }

    private static ResponseEntity<Object> invalidBody(List<FieldProblem> problems) {
        ApiProblem problem = ApiProblem.invalidBody(problems);
        return problem(problem.status(), problem.title(), problem.getMessage(), problems);
    }

    private static ResponseEntity<Object> bodyTooLarge(BodyTooLargeException tooLarge) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", tooLarge.getMessage(), List.of());
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail, List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        if (!problems.isEmpty()) {
            problem.setProperty("errors", problems);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Spring's own refusals as problem details even when the caller accepts only CSV (a 406, say). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(failure, body, headers, status, request);
        if (response == null || !(response.getBody() instanceof ProblemDetail)) {
            return response;
        }
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody());
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
