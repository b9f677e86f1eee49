package org.voronka.web;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.voronka.account.AccountManagement;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldFilter;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.LossReasons;
import org.voronka.deal.SavedFilters;
import org.voronka.pipeline.Pipeline;
import org.voronka.shared.Actor;
import org.voronka.tag.TagManagement;

/**
 * The deal filter shared by the list view and the board: turns a {@link ListFilter} into a query
 * for the signed-in user, and gives the filter panel and the mass action bar what they offer.
 */
@Component
class FilterPanel {

    private final AccountManagement accounts;
    private final TagManagement tags;
    private final SavedFilters savedFilters;
    private final LossReasons lossReasons;
    private final MassActionView massActions;
    private final Clock clock;
    private final FieldValues fields;

    FilterPanel(AccountManagement accounts, TagManagement tags, SavedFilters savedFilters, LossReasons lossReasons,
                MassActionView massActions, Clock clock, FieldValues fields) {
        this.fields = fields;
        this.accounts = accounts;
        this.tags = tags;
        this.savedFilters = savedFilters;
        this.lossReasons = lossReasons;
        this.massActions = massActions;
        this.clock = clock;
    }

    /** The filter's conditions as a query (order and page to be set by the caller). */
    DealQuery query(Actor actor, ListFilter filter, List<Pipeline> all, DealQuery.Order order, int limit, DealQuery.Cursor after) {
        DealQuery query = filter.query(actor.userId(), all, accounts.account(actor.accountId()).zone(), clock.instant(), order, limit, after);
        DealQuery.Parties parties = query.parties();
        return query.withFieldFilters(accepted(actor, DealManagement.ENTITY, query.fieldFilters()))
                .withParties(new DealQuery.Parties(accepted(actor, FieldValues.CONTACTS, parties.contact()),
                        accepted(actor, FieldValues.COMPANIES, parties.company())));
    }

    private List<FieldFilter> accepted(Actor actor, String entityType, List<FieldFilter> filters) {
        return filters.isEmpty() ? filters : fields.acceptedFilters(actor.accountId(), entityType, filters);
    }

    private DealQuery.Party accepted(Actor actor, String entityType, DealQuery.Party party) {
        return party.fields().isEmpty() ? party : new DealQuery.Party(party.name(), accepted(actor, entityType, party.fields()));
    }

    /** The account's time zone, in which the filter's dates are whole days. */
    java.time.ZoneId zone(Actor actor) {
        return accounts.account(actor.accountId()).zone();
    }

    /** Field types the panel offers: options, users and yes/no are chosen, numbers and dates given as a range. */
    static final java.util.Set<String> FILTERABLE = java.util.Set.of("select", "multiselect", "radiobutton", "user", "checkbox",
            "numeric", "price", "date", "date_time");

    /** Text types a contact's or company's field is searched in (phones and e-mails are multitext): a text it contains. */
    static final java.util.Set<String> TEXT = java.util.Set.of("text", "textarea", "url", "multitext", "streetaddress");

    /** What the filter panel and the mass action bar offer; {@code base} is the address the filter applies to. */
    void fill(Actor actor, List<Pipeline> all, String base, Model model) {
        fillBar(actor, all, base, model);
        model.addAttribute("groups", accounts.groups(actor.accountId()));
        model.addAttribute("tags", tags.list(actor.accountId(), DealManagement.ENTITY, List.of(), null, null, 0, 500));
        model.addAttribute("periods", ListFilter.PERIODS);
        model.addAttribute("filterFields", fields.fields(actor.accountId(), DealManagement.ENTITY).stream()
                .filter(f -> FILTERABLE.contains(f.type())).toList());
        model.addAttribute("contactFields", partyFields(actor, FieldValues.CONTACTS));
        model.addAttribute("companyFields", partyFields(actor, FieldValues.COMPANIES));
    }

    private List<CustomField> partyFields(Actor actor, String entityType) {
        return fields.fields(actor.accountId(), entityType).stream().filter(f -> FILTERABLE.contains(f.type()) || TEXT.contains(f.type()))
                .toList();
    }

    /** What the ready filters and the mass action bar offer, without the panel's choices (the board fetches them when the panel opens). */
    void fillBar(Actor actor, List<Pipeline> all, String base, Model model) {
        model.addAttribute("filterBase", base);
        model.addAttribute("pipelines", all);
        model.addAttribute("users", accounts.users(actor.accountId(), 0, 500));
        model.addAttribute("saved", savedFilters.visibleTo(actor));
        model.addAttribute("presets", ListFilter.PRESETS);
        model.addAttribute("lossReasons", lossReasons.all(actor.accountId()));
        model.addAttribute("run", massActions.latest(actor).orElse(null));
        model.addAttribute("massFields", massActions.fields(actor));
        model.addAttribute("exportColumns", org.voronka.massaction.DealExport.STANDARD);
    }
}
