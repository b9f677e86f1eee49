package org.voronka.shared;

/** The addressed entity does not exist in the actor's account (or was deleted). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
