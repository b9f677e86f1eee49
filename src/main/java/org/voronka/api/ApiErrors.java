package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * Every API failure as amoCRM's problem+json: {@code title, type, status, detail} and, for
 * validation, {@code validation-errors[{request_id, errors[{code, path, detail}]}]}. Unexpected
 * failures are logged and answered with a 500 body that carries no internals.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
@Order(0)
class ApiErrors {

    static final MediaType PROBLEM = MediaType.parseMediaType("application/problem+json");
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<Object> validation(ValidationException e) {
        Map<String, List<Map<String, Object>>> byRequest = new LinkedHashMap<>();
        for (ValidationException.Problem p : e.problems()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", p.code());
            error.put("path", p.path());
            error.put("detail", p.detail());
            byRequest.computeIfAbsent(p.requestId(), k -> new ArrayList<>()).add(error);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        byRequest.forEach((rid, errors) -> items.add(Map.of("request_id", rid, "errors", errors)));
        Map<String, Object> body = problem(HttpStatus.BAD_REQUEST, "Request validation failed");
        body.put("validation-errors", items);
        return respond(HttpStatus.BAD_REQUEST, body);
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<Object> rule(RuleViolationException e) {
        Map<String, Object> body = problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("path", e.path());
        error.put("detail", e.getMessage());
        body.put("validation-errors", List.of(Map.of("request_id", "0", "errors", List.of(error))));
        return respond(HttpStatus.UNPROCESSABLE_CONTENT, body);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e) {
        return respond(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "Not found: " + e.getMessage()));
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    ResponseEntity<Object> forbidden(RuntimeException e) {
        return respond(HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        return validation(ValidationException.of("0", "", "MalformedJson", "The body is not valid JSON"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return validation(ValidationException.of("0", e.getName(), "InvalidType", e.getName() + " has a wrong type"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Object> missing(MissingServletRequestParameterException e) {
        return validation(ValidationException.of("0", e.getParameterName(), "NotBlank", e.getParameterName() + " is required"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, problem(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, problem(HttpStatus.NOT_ACCEPTABLE, "Accept application/hal+json or application/json"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> noResource(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "No such endpoint"));
    }

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<Object> busy(PessimisticLockingFailureException e) {
        return respond(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "The entity is being changed by another request; retry"));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        log.warn("integrity violation: {}", e.getMostSpecificCause().getMessage());
        return respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "The data violates a constraint (a value is too long or refers to nothing)"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"));
    }

    static Map<String, Object> problem(HttpStatus status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", status.getReasonPhrase());
        body.put("type", "https://httpstatus.es/" + status.value());
        body.put("status", status.value());
        body.put("detail", detail);
        return body;
    }

    private static ResponseEntity<Object> respond(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(PROBLEM).body(body);
    }
}
