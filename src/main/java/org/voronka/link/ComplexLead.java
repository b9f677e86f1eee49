package org.voronka.link;

import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.deal.NewDeal;

/**
 * A deal to create with its contact and company, each given by id, as a new model, or absent
 * (both null). A new contact and a new company are put together.
 */
public record ComplexLead(NewDeal lead, Long contactId, NewContact newContact, Long companyId, NewCompany newCompany) {}
