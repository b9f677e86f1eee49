package org.voronka.demo;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.ImportedDeal.Move;
import org.voronka.demo.DemoLayout.Funnel;

/**
 * Simulates a year of selling, one deal after another, from one seeded random source: the same
 * layout, seed and end time always give the same deals. Every history is a walk through the
 * stages with log-normal waiting times that lands on working hours, and with the things real
 * histories have: skipped stages, moves back, deals that stall, mis-drops corrected within
 * seconds, a few deals dragged straight to Won, transfers to «Оптовые продажи», hand-off of won
 * sales to «Юристы», and losses with reasons that depend on how far the deal got. Deals whose next
 * step would lie in the future stay open where they are.
 */
final class DemoGenerator implements Iterator<ImportedDeal> {

    static final Duration SPAN = Duration.ofDays(365);
    private static final long ROBOT = 0;
    private static final int MOSCOW = 3;

    private final DemoLayout layout;
    private final SplittableRandom random;
    private final long until;
    private final long from;
    private final int count;
    private final double[] salesSkill;
    private final double[] salesShare;
    private int produced;

    DemoGenerator(DemoLayout layout, long seed, int count, Instant until) {
        this.layout = layout;
        this.random = new SplittableRandom(seed);
        this.until = until.getEpochSecond();
        this.from = this.until - SPAN.toSeconds();
        this.count = count;
        int n = layout.salesManagers().size();
        this.salesSkill = new double[n];
        this.salesShare = new double[n];
        for (int i = 0; i < n; i++) {
            // the first managers are the strongest: they get more deals and lose fewer of them
            salesSkill[i] = 0.8 + 0.4 * i / Math.max(1, n - 1);
            salesShare[i] = 1.0 / (1 + 0.35 * i);
        }
    }

    @Override
    public boolean hasNext() {
        return produced < count;
    }

    @Override
    public ImportedDeal next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        double kind = random.nextDouble();
        if (kind < 0.62) {
            return sales();
        } else if (kind < 0.80) {
            return wholesale();
        }
        return repeat();
    }

    // ---- the three entry pipelines ----

    private ImportedDeal sales() {
        int managerIndex = weighted(salesShare);
        long manager = layout.salesManagers().get(managerIndex);
        double skill = salesSkill[managerIndex];
        BigDecimal price = budget(85_000, 0.9, 1_000);
        double priceFactor = priceFactor(price, 85_000);
        Walk w = new Walk(manager);
        boolean incoming = layout.salesIncoming() != null && random.nextDouble() < 0.45;
        long t = created(incoming);
        long createdBy = manager;
        Funnel f = layout.sales();
        if (incoming) {
            createdBy = ROBOT;
            w.add(f.pipelineId(), layout.salesIncoming(), t, ROBOT);
            t += wait(3, 1.0);
            if (t > until) {
                return w.deal(name(SALES_PRODUCTS), price, createdBy, null);
            }
            // the next working hours may lie after the present: the deal then still waits in Incoming
            t = work(t);
            if (t > until) {
                return w.deal(name(SALES_PRODUCTS), price, createdBy, null);
            }
            if (random.nextDouble() < 0.12) {
                // spam and duplicates are declined straight from Incoming
                w.add(f.pipelineId(), LOST, t, manager);
                return w.deal(name(SALES_PRODUCTS), price, createdBy, layout.lossReasons().noAnswer());
            }
        }
        // median hours in each working stage and the chance to be lost there
        double[] dwell = {40, 110, 150, 90, 60};
        double[] lose = {0.30, 0.28, 0.24, 0.16, 0.08};
        Outcome o = walk(w, f, 0, t, dwell, lose, skill * priceFactor, true, false);
        if (o.won && random.nextDouble() < 0.65) {
            handOffToLegal(w, o.at);
        }
        return w.deal(name(SALES_PRODUCTS), price, createdBy, o.reason);
    }

    private ImportedDeal wholesale() {
        long manager = pick(layout.wholesaleManagers());
        BigDecimal price = budget(650_000, 1.0, 10_000);
        Walk w = new Walk(manager);
        long t = created(false);
        double[] dwell = {30, 120, 200, 240, 120};
        double[] lose = {0.20, 0.22, 0.25, 0.18, 0.10};
        Outcome o = walk(w, layout.wholesale(), 0, t, dwell, lose, priceFactor(price, 650_000), false, false);
        return w.deal(name(WHOLESALE_PRODUCTS), price, manager, o.reason);
    }

    private ImportedDeal repeat() {
        int managerIndex = weighted(salesShare);
        long manager = layout.salesManagers().get(managerIndex);
        BigDecimal price = budget(45_000, 0.7, 500);
        Walk w = new Walk(manager);
        long t = created(false);
        double[] dwell = {70, 50, 80};
        double[] lose = {0.30, 0.15, 0.10};
        Outcome o = walk(w, layout.repeat(), 0, t, dwell, lose, salesSkill[managerIndex], false, false);
        return w.deal(name(REPEAT_PRODUCTS), price, manager, o.reason);
    }

    /** A won sale goes to the lawyers within minutes (automation), who then draw up the contract. */
    private void handOffToLegal(Walk w, long wonAt) {
        long t = wonAt + 5 + random.nextInt(600);
        if (t > until) {
            return;
        }
        Funnel legal = layout.legal();
        w.add(legal.pipelineId(), legal.stages().get(0), t, ROBOT);
        w.user = pick(layout.lawyers());
        double[] dwell = {20, 50, 70, 30};
        double[] lose = {0.03, 0.04, 0.06, 0.02};
        walk(w, legal, 0, t, dwell, lose, 1.0, false, true);
    }

    private record Outcome(boolean won, long at, Long reason) {}

    /**
     * Walks a deal from stage {@code pos} of a funnel until it is won, lost, stalls or reaches the
     * present. {@code difficulty} scales the loss chances (a weak manager or a big budget loses more).
     */
    private Outcome walk(Walk w, Funnel f, int pos, long t, double[] dwell, double[] lose, double difficulty,
                         boolean canTransfer, boolean legal) {
        List<Long> stages = f.stages();
        int n = stages.size();
        w.add(f.pipelineId(), stages.get(pos), t, w.user);
        int backs = 0;
        while (true) {
            if (random.nextDouble() < (legal ? 0.01 : 0.035)) {
                return new Outcome(false, t, null); // forgotten: stays open in its stage
            }
            long next = work(t + wait(dwell[pos], 0.9));
            if (next > until) {
                return new Outcome(false, t, null); // still being worked on
            }
            t = next;
            double r = random.nextDouble();
            double pLose = Math.min(0.9, lose[pos] * difficulty);
            if (r < pLose) {
                w.add(f.pipelineId(), LOST, t, w.user);
                return new Outcome(false, t, random.nextDouble() < 0.1 ? null : reason(pos, n, legal));
            }
            r -= pLose;
            if (canTransfer && pos >= 1 && pos <= 2 && r < 0.03) {
                // turned out to be a wholesale client: carried over to the wholesale department's pipeline
                Funnel ws = layout.wholesale();
                w.user = pick(layout.wholesaleManagers());
                Outcome o = walk(w, ws, 1, t, new double[] {30, 120, 200, 240, 120},
                        new double[] {0.20, 0.22, 0.25, 0.18, 0.10}, 1.0, false, false);
                return o;
            }
            r -= canTransfer ? 0.03 : 0;
            if (pos > 0 && backs < 2 && r < 0.05) {
                backs++;
                pos--;
                moveTo(w, f.pipelineId(), stages.get(pos), t, n, f);
                continue;
            }
            r -= 0.05;
            if (pos == 0 && r < 0.015) {
                w.add(f.pipelineId(), WON, t, w.user); // a quick deal: dragged straight to Won
                return new Outcome(true, t, null);
            }
            int step = random.nextDouble() < 0.09 ? 2 : 1;
            pos += step;
            if (pos >= n) {
                moveTo(w, f.pipelineId(), WON, t, n, f);
                return new Outcome(true, t, null);
            }
            moveTo(w, f.pipelineId(), stages.get(pos), t, n, f);
        }
    }

    /** A move, sometimes preceded by a mis-drop onto a neighbouring stage that is corrected within seconds. */
    private void moveTo(Walk w, long pipelineId, long statusId, long t, int n, Funnel f) {
        if (w.moves.isEmpty() || random.nextDouble() >= 0.02 || t + 60 > until) {
            w.add(pipelineId, statusId, t, w.user);
            return;
        }
        List<Long> stages = f.stages();
        int target = stages.indexOf(statusId);
        int wrong = target < 0 ? n - 1 : target + 1 < n ? target + 1 : target - 1;
        long wrongStage = wrong >= 0 && wrong < n ? stages.get(wrong) : LOST;
        Move last = w.moves.get(w.moves.size() - 1);
        if (wrongStage == statusId || (last.pipelineId() == pipelineId && last.statusId() == wrongStage)) {
            w.add(pipelineId, statusId, t, w.user);
            return;
        }
        w.add(pipelineId, wrongStage, t, w.user);
        w.add(pipelineId, statusId, t + 2 + random.nextInt(40), w.user);
    }

    private Long reason(int pos, int n, boolean legal) {
        DemoLayout.Reasons r = layout.lossReasons();
        double x = random.nextDouble();
        if (legal) {
            return x < 0.6 ? r.contractTerms() : x < 0.85 ? r.postponed() : r.competitor();
        }
        if (pos < n / 2) {
            return x < 0.40 ? r.noAnswer() : x < 0.65 ? r.noBudget() : x < 0.85 ? r.expensive() : r.competitor();
        }
        return x < 0.35 ? r.expensive() : x < 0.70 ? r.competitor() : x < 0.90 ? r.postponed() : r.noBudget();
    }

    // ---- time ----

    /** Creation time: more deals lately (the business grows), few at weekends, mostly in office hours. */
    private long created(boolean incoming) {
        while (true) {
            long t = from + (long) (random.nextDouble() * SPAN.toSeconds());
            double growth = 0.7 + 0.6 * (t - from) / (double) SPAN.toSeconds();
            ZonedDateTime z = Instant.ofEpochSecond(t).atZone(ZoneOffset.ofHours(MOSCOW));
            boolean weekend = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
            boolean office = z.getHour() >= 9 && z.getHour() < 19;
            double weight = growth * (weekend ? 0.2 : 1.0) * (office ? 1.0 : incoming ? 0.35 : 0.05);
            if (random.nextDouble() * 1.3 < weight) {
                return t;
            }
        }
    }

    /** Log-normal waiting time in seconds with the given median in hours. */
    private long wait(double medianHours, double sigma) {
        return Math.max(60, (long) (medianHours * 3600 * Math.exp(sigma * gaussian())));
    }

    /** Moves happen in office hours (Moscow, Mon–Fri 9–19): later times go to the next working morning. */
    private long work(long t) {
        ZonedDateTime z = Instant.ofEpochSecond(t).atZone(ZoneOffset.ofHours(MOSCOW));
        if (z.getHour() < 9) {
            z = z.withHour(9).withMinute(0).withSecond(0).plusMinutes(random.nextInt(90)).plusSeconds(random.nextInt(60));
        } else if (z.getHour() >= 19) {
            z = z.plusDays(1).withHour(9).withMinute(0).withSecond(0).plusMinutes(random.nextInt(90)).plusSeconds(random.nextInt(60));
        }
        while (z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY) {
            z = z.plusDays(1).withHour(9).withMinute(0).withSecond(0).plusMinutes(random.nextInt(120));
        }
        return Math.max(t, z.toEpochSecond());
    }

    private double gaussian() {
        // Box–Muller from the one seeded source
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    // ---- money and names ----

    private BigDecimal budget(double median, double sigma, int roundTo) {
        double value = median * Math.exp(sigma * gaussian());
        long rounded = Math.max(roundTo, Math.round(value / roundTo) * roundTo);
        return BigDecimal.valueOf(rounded);
    }

    /** Bigger deals are harder to win: about +15 % loss chance per e-fold above the median. */
    private static double priceFactor(BigDecimal price, double median) {
        return Math.max(0.7, Math.min(1.4, 1 + 0.15 * Math.log(price.doubleValue() / median)));
    }

    private String name(String[] products) {
        return products[random.nextInt(products.length)] + " — " + company();
    }

    private String company() {
        double x = random.nextDouble();
        if (x < 0.18) {
            String surname = SURNAMES[random.nextInt(SURNAMES.length)];
            return "ИП " + surname + " " + INITIALS.charAt(random.nextInt(INITIALS.length())) + ". "
                    + INITIALS.charAt(random.nextInt(INITIALS.length())) + ".";
        }
        String form = x < 0.85 ? "ООО" : x < 0.95 ? "АО" : "ПАО";
        String body = random.nextDouble() < 0.5
                ? ROOTS[random.nextInt(ROOTS.length)] + SUFFIXES[random.nextInt(SUFFIXES.length)]
                : ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)];
        return form + " «" + body + "»";
    }

    private int weighted(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = random.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private long pick(List<Long> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private static final long WON = 142;
    private static final long LOST = 143;

    /** A history being written. */
    private final class Walk {
        final List<Move> moves = new ArrayList<>(8);
        final long responsible;
        long user;

        Walk(long responsible) {
            this.responsible = responsible;
            this.user = responsible;
        }

        void add(long pipelineId, long statusId, long at, long by) {
            Move last = moves.isEmpty() ? null : moves.get(moves.size() - 1);
            long time = last == null ? at : Math.max(at, last.at().getEpochSecond());
            if (last != null && last.pipelineId() == pipelineId && last.statusId() == statusId) {
                return;
            }
            moves.add(new Move(pipelineId, statusId, Instant.ofEpochSecond(time), by));
        }

        ImportedDeal deal(String name, BigDecimal price, long createdBy, Long reason) {
            Move last = moves.get(moves.size() - 1);
            return new ImportedDeal(name, price, responsible, createdBy, last.statusId() == LOST ? reason : null, List.copyOf(moves));
        }
    }

    private static final String[] SALES_PRODUCTS = {
        "Внедрение CRM", "Поставка оргтехники", "Обслуживание кондиционеров", "Ремонт офиса", "Разработка сайта",
        "Аудит бухгалтерии", "Обучение персонала", "Монтаж видеонаблюдения", "Поставка офисной мебели", "Клининг офиса",
        "Настройка IP-телефонии", "Аренда серверов", "Техподдержка 1С", "Корпоративное такси", "Поставка кулеров",
        "Пожарная сигнализация", "Брендирование автопарка", "Печать каталогов", "Охрана объекта", "Вывоз мусора"};
    private static final String[] WHOLESALE_PRODUCTS = {
        "Оптовая поставка бумаги А4", "Партия ламината", "Поставка стройматериалов", "Кабельная продукция", "Поставка спецодежды",
        "Партия светильников", "Поставка упаковки", "Металлопрокат", "Поставка бытовой химии", "Партия сантехники",
        "Поставка автошин", "Канцтовары для сети магазинов"};
    private static final String[] REPEAT_PRODUCTS = {
        "Продление лицензии", "Повторный заказ картриджей", "Продление сервисного договора", "Допродажа: расширение тарифа",
        "Повторная поставка", "Продление техподдержки", "Дополнительные рабочие места"};
    private static final String[] ROOTS = {
        "Альфа", "Вектор", "Гранит", "Север", "Урал", "Сибирь", "Волга", "Техно", "Агро", "Мед", "Энерго", "Стандарт",
        "Прогресс", "Восток", "Балтика", "Кедр", "Орион", "Монолит", "Интер", "Смарт"};
    private static final String[] SUFFIXES = {"Строй", "Торг", "Сервис", "Трейд", "Логистик", "Пром", "Тех", "Снаб", "Инвест", "Групп"};
    private static final String[] ADJECTIVES = {
        "Северный", "Зелёный", "Новый", "Первый", "Русский", "Белый", "Южный", "Большой", "Городской", "Быстрый"};
    private static final String[] NOUNS = {"ветер", "берег", "двор", "мост", "квартал", "горизонт", "парус", "путь", "дом", "сад"};
    private static final String[] SURNAMES = {
        "Иванов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов",
        "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов"};
    private static final String INITIALS = "АБВГДЕИКЛМНОПРСТЮЯ";
}
