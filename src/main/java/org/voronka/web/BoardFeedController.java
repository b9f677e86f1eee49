package org.voronka.web;

import java.time.Instant;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.voronka.shared.Actor;

/** The server-sent event stream a board listens to for deals changed elsewhere. */
@RestController
class BoardFeedController {

    private final BoardFeed feed;

    BoardFeedController(BoardFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/leads/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(Actor actor, @RequestParam(required = false) Long since) {
        return feed.subscribe(actor.accountId(), since == null ? null : Instant.ofEpochMilli(since));
    }
}
