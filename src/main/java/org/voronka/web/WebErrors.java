package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/**
 * Failures of UI requests: a page for a page request, a message in the page's flash area for an
 * htmx request. Never a stack trace; messages come from the bundles.
 */
@ControllerAdvice(basePackageClasses = WebErrors.class)
class WebErrors {

    private final MessageSource messages;

    WebErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return respond(request, response, model, 404, messages.getMessage("error.notFound", null, locale));
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    String forbidden(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return respond(request, response, model, 403, messages.getMessage("error.forbidden", null, locale));
    }

    @ExceptionHandler(RuleViolationException.class)
    String rule(RuleViolationException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return respond(request, response, model, 422, messages.getMessage("rule." + e.code(), null, e.getMessage(), locale));
    }

    @ExceptionHandler(ValidationException.class)
    String invalid(ValidationException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        String code = e.problems().isEmpty() ? "InvalidValue" : e.problems().get(0).code();
        return respond(request, response, model, 422, messages.getMessage("rule." + code, null,
                messages.getMessage("error.invalid", null, locale), locale));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    String missing(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return respond(request, response, model, 400, messages.getMessage("error.invalid", null, locale));
    }

    private static String respond(HttpServletRequest request, HttpServletResponse response, Model model, int status,
                                  String message) {
        response.setStatus(status);
        model.addAttribute("message", message);
        model.addAttribute("problem", message);
        model.addAttribute("status", status);
        if (Htmx.isHtmx(request)) {
            response.setHeader("HX-Retarget", "#flash");
            response.setHeader("HX-Reswap", "innerHTML");
            return "fragments :: flash";
        }
        return "error";
    }
}
