package org.voronka.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.deal.LossReason;
import org.voronka.deal.LossReasons;
import org.voronka.pipeline.NewPipeline;
import org.voronka.pipeline.NewStage;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineChange;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.pipeline.StageChange;
import org.voronka.shared.Actor;

/**
 * Fills an account with demo data through the owning modules' facades: pipelines «Продажи»,
 * «Оптовые продажи», «Юристы» and «Повторные продажи», three departments with their people, and
 * a year of deals with complete histories ({@link DemoGenerator}), imported in chunks with
 * {@link DealImport}.
 */
@Service
public class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    static final String SALES = "Продажи";
    static final String WHOLESALE = "Оптовые продажи";
    static final String LEGAL = "Юристы";
    static final String REPEAT = "Повторные продажи";

    /** What was written. */
    public record Result(int deals, long transitions, Duration took) {}

    private final AccountManagement accounts;
    private final PipelineManagement pipelines;
    private final LossReasons lossReasons;
    private final DealImport dealImport;
    private final ObjectProvider<DemoDataExtension> extensions;

    DemoData(AccountManagement accounts, PipelineManagement pipelines, LossReasons lossReasons, DealImport dealImport,
             ObjectProvider<DemoDataExtension> extensions) {
        this.accounts = accounts;
        this.pipelines = pipelines;
        this.lossReasons = lossReasons;
        this.dealImport = dealImport;
        this.extensions = extensions;
    }

    /**
     * Sets the account up (idempotently) and writes {@code count} deals whose histories end no
     * later than {@code until}; the same seed, count and {@code until} give the same data.
     */
    public Result generate(Actor admin, long seed, int count, Instant until, int chunkSize) {
        long started = System.nanoTime();
        DemoLayout layout = prepare(admin);
        DemoGenerator generator = new DemoGenerator(layout, seed, count, until);
        List<ImportedDeal> chunk = new ArrayList<>(chunkSize);
        int written = 0;
        long transitions = 0;
        long lastLog = System.nanoTime();
        while (generator.hasNext()) {
            chunk.add(generator.next());
            if (chunk.size() == chunkSize || !generator.hasNext()) {
                List<Long> ids = dealImport.importDeals(admin, chunk);
                for (ImportedDeal d : chunk) {
                    transitions += d.moves().size();
                }
                written += chunk.size();
                chunk.clear();
                extensions.orderedStream().forEach(e -> e.dealsCreated(admin, seed, ids));
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    lastLog = System.nanoTime();
                    log.info("Demo data: {} of {} deals, {} history rows", written, count, transitions);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(written, transitions, took);
    }

    /** Pipelines, departments, people and loss reasons the generator needs; what exists is reused. */
    public DemoLayout prepare(Actor admin) {
        long accountId = admin.accountId();
        Pipeline main = pipelines.mainPipeline(accountId);
        if (!main.name().equals(SALES)) {
            pipelines.updatePipeline(admin, main.id(), new PipelineChange(SALES, null, null, null));
        }
        if (main.stages().stream().filter(Stage::isWorking).count() < 5) {
            pipelines.createStages(admin, main.id(), List.of(new NewStage("0", null, "Счёт выставлен", null, null)));
        }
        Pipeline sales = pipelines.mainPipeline(accountId);
        Pipeline wholesale = pipeline(admin, WHOLESALE, 2,
                "Новый запрос", "Расчёт КП", "КП отправлено", "Переговоры по условиям", "Договор на подписании");
        Pipeline legal = pipeline(admin, LEGAL, 3, "Проверка документов", "Подготовка договора", "Согласование с клиентом", "Подписание");
        Pipeline repeat = pipeline(admin, REPEAT, 4, "Напомнить о себе", "Выявлена потребность", "Счёт выставлен");

        Map<String, Long> groups = new HashMap<>();
        accounts.groups(accountId).forEach(g -> groups.put(g.name(), g.id()));
        List<Long> salesManagers = people(admin, groups, "Отдел продаж", List.of(
                "Анна Смирнова", "Дмитрий Козлов", "Екатерина Волкова", "Игорь Морозов", "Ольга Павлова"));
        List<Long> wholesaleManagers = people(admin, groups, "Оптовый отдел", List.of("Сергей Лебедев", "Марина Соколова"));
        List<Long> lawyers = people(admin, groups, "Юридический отдел", List.of("Алексей Новиков", "Татьяна Фёдорова"));

        targets(admin, sales);
        targets(admin, wholesale);

        DemoLayout.Reasons reasons = new DemoLayout.Reasons(reason(admin, "Дорого"), reason(admin, "Выбрали конкурента"),
                reason(admin, "Нет бюджета"), reason(admin, "Не выходит на связь"), reason(admin, "Отложили покупку"),
                reason(admin, "Не согласовали условия договора"));
        return new DemoLayout(funnel(sales), sales.unsortedStage().map(Stage::id).orElse(null), funnel(wholesale), funnel(legal),
                funnel(repeat), salesManagers, wholesaleManagers, lawyers, reasons);
    }

    /**
     * Target durations on the working stages (2, 5, 7, 10, … days), so that the stalled report shows
     * overstayers, and win probabilities rising along the pipeline, so that the forecast shows them
     * beside the observed ones.
     */
    private void targets(Actor admin, Pipeline p) {
        int[] days = {2, 5, 7, 10, 5, 3};
        List<Stage> working = p.stages().stream().filter(Stage::isWorking).toList();
        for (int i = 0; i < working.size(); i++) {
            Stage s = working.get(i);
            if (s.targetSeconds() == null) {
                pipelines.updateStage(admin, p.id(), s.id(),
                        new StageChange(null, null, null, Duration.ofDays(days[i % days.length]).toSeconds(), false));
            }
            if (s.winProbability() == null) {
                pipelines.updateStage(admin, p.id(), s.id(), StageChange.probability(Math.min(90, 10 + 80 * (i + 1) / (working.size() + 1))));
            }
        }
    }

    private static DemoLayout.Funnel funnel(Pipeline p) {
        return new DemoLayout.Funnel(p.id(), p.stages().stream().filter(Stage::isWorking).map(Stage::id).toList());
    }

    private Pipeline pipeline(Actor admin, String name, int sort, String... stages) {
        Optional<Pipeline> existing = pipelines.pipelines(admin.accountId()).stream().filter(p -> p.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        List<NewStage> list = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            list.add(new NewStage(Integer.toString(i), null, stages[i], 20 + 10 * i, null));
        }
        return pipelines.createPipelines(admin, List.of(new NewPipeline("0", name, sort, false, false, list))).get(0);
    }

    private List<Long> people(Actor admin, Map<String, Long> groups, String department, List<String> names) {
        long group = groups.computeIfAbsent(department, d -> accounts.createGroup(admin, d).id());
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            String email = login(name) + "." + admin.accountId() + "@demo.voronka.local";
            User user = accounts.userByEmail(email)
                    .orElseGet(() -> accounts.createUser(admin, name, email, null, "ru", false, group));
            ids.add(user.id());
        }
        return ids;
    }

    private long reason(Actor admin, String name) {
        return lossReasons.all(admin.accountId()).stream().filter(r -> r.name().equals(name)).map(LossReason::id).findFirst()
                .orElseGet(() -> lossReasons.create(admin, List.of(new LossReasons.NewLossReason(name, null))).get(0).id());
    }

    /** "Анна Смирнова" → "anna.smirnova" */
    static String login(String name) {
        String[] from = {"а", "б", "в", "г", "д", "е", "ё", "ж", "з", "и", "й", "к", "л", "м", "н", "о", "п", "р", "с", "т", "у",
            "ф", "х", "ц", "ч", "ш", "щ", "ъ", "ы", "ь", "э", "ю", "я", " "};
        String[] to = {"a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
            "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "."};
        StringBuilder sb = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            String s = String.valueOf(c);
            int i = java.util.Arrays.asList(from).indexOf(s);
            sb.append(i >= 0 ? to[i] : s);
        }
        return sb.toString();
    }

}
