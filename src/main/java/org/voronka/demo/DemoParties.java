package org.voronka.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealImport;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;

/**
 * Every demo deal gets a contact person with a phone and an e-mail; deals named after a company
 * ("… — ООО «Альфа»") get that company, shared by all its deals, and the contact works there.
 */
@Component
@Order(1)
class DemoParties implements DemoDataExtension {

    private static final String[][] MEN = {{"Иван", "Ivan"}, {"Алексей", "Aleksey"}, {"Дмитрий", "Dmitry"}, {"Сергей", "Sergey"},
            {"Андрей", "Andrey"}, {"Михаил", "Mikhail"}, {"Павел", "Pavel"}, {"Николай", "Nikolay"}};
    private static final String[][] WOMEN = {{"Анна", "Anna"}, {"Елена", "Elena"}, {"Мария", "Maria"}, {"Ольга", "Olga"},
            {"Наталья", "Natalia"}, {"Ирина", "Irina"}, {"Юлия", "Yulia"}, {"Светлана", "Svetlana"}};
    private static final String[][] SURNAMES = {{"Иванов", "ivanov"}, {"Петров", "petrov"}, {"Смирнов", "smirnov"}, {"Кузнецов", "kuznetsov"},
            {"Попов", "popov"}, {"Соколов", "sokolov"}, {"Лебедев", "lebedev"}, {"Новиков", "novikov"}, {"Морозов", "morozov"},
            {"Волков", "volkov"}, {"Зайцев", "zaytsev"}, {"Орлов", "orlov"}};
    private static final String[] DOMAINS = {"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru"};

    private final DemoProperties properties;
    private final DealManagement deals;
    private final DealImport dealImport;
    private final ContactManagement contacts;
    private final CompanyManagement companies;
    /** Companies created so far, by account and name, so that all deals of a company share it. */
    private final Map<String, Long> companyIds = new HashMap<>();

    DemoParties(DemoProperties properties, DealManagement deals, DealImport dealImport, ContactManagement contacts,
                CompanyManagement companies) {
        this.properties = properties;
        this.deals = deals;
        this.dealImport = dealImport;
        this.contacts = contacts;
        this.companies = companies;
    }

    @Override
    public synchronized void dealsCreated(Actor admin, long seed, List<Long> dealIds) {
        if (!properties.parties() || dealIds.isEmpty()) {
            return;
        }
        List<NewContact> newContacts = new ArrayList<>();
        List<Long> dealIdsInOrder = new ArrayList<>();
        List<Long> companiesInOrder = new ArrayList<>();
        for (Deal d : DemoDeals.of(deals, admin, dealIds)) {
            Random random = new Random(seed * 17 + d.id());
            Long companyId = company(admin, d);
            boolean woman = random.nextBoolean();
            String[] first = (woman ? WOMEN : MEN)[random.nextInt(8)];
            String[] last = SURNAMES[random.nextInt(SURNAMES.length)];
            String lastName = last[0] + (woman ? "а" : "");
            String phone = "+7 9" + (10 + random.nextInt(90)) + " " + (100 + random.nextInt(900)) + "-" + (10 + random.nextInt(90)) + "-"
                    + (10 + random.nextInt(90));
            String email = first[1].toLowerCase() + "." + last[1] + (woman ? "a" : "") + random.nextInt(100) + "@"
                    + DOMAINS[random.nextInt(DOMAINS.length)];
            List<FieldWrite> fields = List.of(
                    new FieldWrite(null, "PHONE", List.of(new FieldWrite.ValueWrite(phone, null, random.nextBoolean() ? "MOB" : "WORK")), "0"),
                    new FieldWrite(null, "EMAIL", List.of(new FieldWrite.ValueWrite(email, null, "WORK")), "1"));
            newContacts.add(new NewContact("0", null, first[0], lastName, d.responsibleUserId(), d.responsibleUserId(), null,
                    d.createdAt(), d.createdAt(), null, fields, companyId));
            dealIdsInOrder.add(d.id());
            companiesInOrder.add(companyId);
        }
        List<DealImport.ImportedParties> parties = new ArrayList<>();
        for (int i = 0; i < newContacts.size(); i += 250) {
            var created = contacts.create(admin, newContacts.subList(i, Math.min(newContacts.size(), i + 250)));
            for (int j = 0; j < created.size(); j++) {
                parties.add(new DealImport.ImportedParties(dealIdsInOrder.get(i + j), created.get(j).id(), companiesInOrder.get(i + j)));
            }
        }
        dealImport.attachParties(admin, parties);
    }

    private Long company(Actor admin, Deal d) {
        int dash = d.name().lastIndexOf(" — ");
        if (dash < 0) {
            return null;
        }
        String name = d.name().substring(dash + 3).trim();
        if (!name.matches("^(ООО|АО|ПАО|ЗАО|ИП).*")) {
            return null;
        }
        return companyIds.computeIfAbsent(admin.accountId() + "/" + name, k -> companies.create(admin, List.of(new NewCompany("0", name,
                d.responsibleUserId(), d.responsibleUserId(), null, d.createdAt(), d.createdAt(), null, List.of()))).get(0).id());
    }
}
