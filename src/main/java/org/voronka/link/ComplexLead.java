package org.voronka.link;

import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.deal.NewDeal;

/**
 * A deal to create with its contact and company, each given by id, as a new model, or absent
 * (both null). A new contact joins the item's company, whether that is new or existing.
 */
public record ComplexLead(NewDeal lead, Long contactId, NewContact newContact, Long companyId, NewCompany newCompany) {}
