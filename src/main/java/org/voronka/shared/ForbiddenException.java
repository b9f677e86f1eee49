package org.voronka.shared;

/** The actor is not allowed to do this (e.g. an admin-only operation). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
