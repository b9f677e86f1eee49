#!/usr/bin/env bash
# Filters and full-text search of deals on PostgreSQL with 1,000,000 deals (issue 6): loads a
# synthetic data set with SQL alone (no application), then runs the statements DealSql builds for
# a three-condition filter, its count, and searches by phone, contact name, deal name and note text,
# each 9 times, and prints the median of EXPLAIN ANALYZE's execution time. It also measures what the
# board asks for under the same filter engine: the column totals of the pipeline and a column's
# first page (20 cards and one to tell whether more follow), without a filter and with a tag.
#
#   bench/search.sh            fresh database voronka_search_bench, load, measure
#   BENCH_REUSE=1 bench/search.sh   measure on the database loaded before
#
# Settings: BENCH_DEALS (1000000), BENCH_DB (voronka_search_bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres). Needs psql and PostgreSQL 15+ with pg_trgm.
set -euo pipefail
cd "$(dirname "$0")/.."

DEALS=${BENCH_DEALS:-1000000}
DB=${BENCH_DB:-voronka_search_bench}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "${BENCH_PG_HOST:-127.0.0.1}" -p "${BENCH_PG_PORT:-5432}" -U "${BENCH_PG_USER:-postgres}")

if [[ "${BENCH_REUSE:-}" != "1" ]]; then
  echo "== schema ($DB)"
  "${PSQL[@]}" -d postgres -c "drop database if exists $DB" -c "create database $DB"
  # Flyway's order: by version (V11 < V11_1 < V14)
  for f in $( (ls src/main/resources/db/migration/V*.sql; ls src/main/resources/db/vendor/postgresql/V*.sql) \
              | awk -F/ '{v = $NF; sub(/^V/, "", v); sub(/__.*/, "", v); gsub(/_/, ".", v); print v "\t" $0}' | sort -V | cut -f2); do
    "${PSQL[@]}" -d "$DB" -f "$f"
  done
  echo "== data: $DEALS deals, $((DEALS / 3)) contacts with phones, $((DEALS / 2)) notes, a tag per deal"
  "${PSQL[@]}" -d "$DB" <<SQL
insert into accounts (id, name, subdomain, uuid, country, currency, language, timezone, is_unsorted_on, is_loss_reason_enabled,
                      max_pipelines, max_statuses, version, created_at)
values (1, 'Bench', 'bench', '00000000-0000-0000-0000-000000000001', 'RU', 'RUB', 'ru', 'Europe/Moscow', false, false, 50, 100, 1, now());
insert into users (account_id, id, name, email, lang, is_admin, is_active, group_id, created_at)
select 1, u, 'User ' || u, 'user' || u || '@bench.local', 'ru', false, true, u % 4, now() from generate_series(1, 20) u;
insert into pipelines (account_id, id, name, sort, is_main, is_unsorted_on, created_at, updated_at)
values (1, 1, 'Продажи', 10, true, false, now(), now());
insert into statuses (account_id, pipeline_id, id, name, sort, color, type, created_at)
select 1, 1, s, 'Этап ' || s, s, '#99ccff', 0, now() from generate_series(1000, 1005) s
union all select 1, 1, 142, 'Успешно', 10000, '#ccff66', 0, now() union all select 1, 1, 143, 'Отказ', 11000, '#d5d8db', 0, now();
insert into custom_fields (account_id, entity_type, id, name, code, type, sort, is_predefined, is_deletable)
values (1, 'contacts', 1, 'Телефон', 'PHONE', 'multitext', 1, true, false);
insert into tags (account_id, entity_type, id, name) select 1, 'leads', t, 'tag' || t from generate_series(1, 20) t;
insert into deals (account_id, id, name, price, responsible_user_id, group_id, pipeline_id, status_id, created_by, updated_by,
                   created_at, updated_at, closed_at, closest_task_at)
select 1, i, 'Сделка ' || substr(md5(i::text), 1, 12), (i % 1000) * 100, 1 + i % 20, (1 + i % 20) % 4, 1,
       case when i % 10 = 0 then 142 when i % 10 = 1 then 143 else 1000 + i % 6 end, 1, 1,
       now() - (i % 1000) * interval '1 hour', now() - (i % 500) * interval '1 hour',
       case when i % 10 < 2 then now() - (i % 300) * interval '1 hour' end,
       case when i % 3 = 0 then now() + (i % 200 - 100) * interval '1 hour' end
from generate_series(1, $DEALS) i;
insert into deal_names (account_id, deal_id, name_lower) select account_id, id, lower(name) from deals;
insert into contacts (account_id, id, name, responsible_user_id, created_by, updated_by, created_at, updated_at)
select 1, c, 'Контакт ' || substr(md5('c' || c), 1, 12), 1, 1, 1, now(), now() from generate_series(1, $DEALS / 3) c;
insert into deal_contacts (account_id, deal_id, contact_id, is_main) select 1, i, 1 + i % ($DEALS / 3), true from generate_series(1, $DEALS) i;
insert into custom_field_values (account_id, entity_type, entity_id, field_id, position, value_text, value_norm)
select 1, 'contacts', c, 1, 0, '+7 916 ' || lpad(c::text, 7, '0'), '7916' || lpad(c::text, 7, '0') from generate_series(1, $DEALS / 3) c;
insert into notes (account_id, id, entity_type, entity_id, note_type, params, responsible_user_id, created_by, updated_by, created_at, updated_at)
select 1, n, 'leads', 1 + (n * 7) % $DEALS, 'common', '{"text":"Созвон ' || md5('n' || n) || '"}', 1, 1, 1, now(), now()
from generate_series(1, $DEALS / 2) n;
insert into entity_tags (account_id, entity_type, entity_id, tag_id) select 1, 'leads', i, 1 + i % 20 from generate_series(1, $DEALS) i;
vacuum analyze;
SQL
fi

COLS="account_id, id, name, price, responsible_user_id, group_id, pipeline_id, status_id, loss_reason_id, source_id, company_id, created_by, updated_by, created_at, updated_at, closed_at, closest_task_at, is_deleted, score, labor_cost"
PAGE="order by created_at desc, id desc offset 0 rows fetch next 51 rows only"
THREE="account_id = 1 and not is_deleted and price >= 10000 and price <= 50000 and ((pipeline_id = 1 and status_id = 1003)) and id in (select entity_id from entity_tags where account_id = 1 and entity_type = 'leads' and tag_id in (6))"
# the search condition exactly as DealSql writes it, for a text and its field-value patterns
search() {
  local q="$1"; shift
  local values=""
  for p in "$@"; do values="${values:+$values or }value_norm like '$p' escape '\\'"; done
  local like="like '$q' escape '\\'"
  echo "account_id = 1 and not is_deleted and id in (select deal_id from deal_names where account_id = 1 and name_lower $like union select dc.deal_id from deal_contacts dc where dc.account_id = 1 and dc.contact_id in (select id from contacts where account_id = 1 and not is_deleted and lower(name) $like union select entity_id from custom_field_values where account_id = 1 and entity_type = 'contacts' and ($values)) union select id from deals where account_id = 1 and company_id in (select id from companies where account_id = 1 and not is_deleted and lower(name) $like union select entity_id from custom_field_values where account_id = 1 and entity_type = 'companies' and ($values)) union select entity_id from notes where account_id = 1 and entity_type = 'leads' and lower(params) $like)"
}
NAME=$("${PSQL[@]}" -d "$DB" -At -c "select substr(md5('424242'), 1, 8)")
CONTACT=$("${PSQL[@]}" -d "$DB" -At -c "select substr(md5('c4242'), 1, 8)")
NOTE=$("${PSQL[@]}" -d "$DB" -At -c "select substr(md5('n4242'), 3, 10)")

measure() {
  local label="$1" sql="$2" times=()
  for _ in 1 2 3 4 5 6 7 8 9; do
    times+=("$("${PSQL[@]}" -d "$DB" -At -c "explain (analyze, format json) $sql" | grep -o '"Execution Time": [0-9.]*' | awk '{print $3}')")
  done
  printf '| %s | %s |\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p)"
}

echo
echo "| Statement ($DEALS deals, load average $(cut -d' ' -f1-3 /proc/loadavg)) | median ms |"
echo "|---|---|"
measure "three conditions (stage, budget range, tag), first page" "select $COLS from deals where $THREE $PAGE"
measure "three conditions, count" "select count(*) from deals where $THREE"
measure "search a phone typed as 8 (916) 000-42-42" "select $COLS from deals where $(search '%8 (916) 000-42-42%' '%8 (916) 000-42-42%' '%79160004242%' '%89160004242%') $PAGE"
measure "search a contact name fragment" "select $COLS from deals where $(search "%$CONTACT%" "%$CONTACT%") $PAGE"
measure "search a deal name fragment" "select $COLS from deals where $(search "%$NAME%" "%$NAME%") $PAGE"
measure "search a note text fragment" "select $COLS from deals where $(search "%$NOTE%" "%$NOTE%") $PAGE"
BOARD_TAG="id in (select entity_id from entity_tags where account_id = 1 and entity_type = 'leads' and tag_id in (6))"
BOARD_PAGE="order by id desc offset 0 rows fetch next 21 rows only"
measure "board: column totals, no filter" "select status_id, count(*), coalesce(sum(price), 0) from deals where account_id = 1 and not is_deleted and pipeline_id = 1 group by status_id"
measure "board: column totals, a tag" "select status_id, count(*), coalesce(sum(price), 0) from deals where account_id = 1 and not is_deleted and $BOARD_TAG and pipeline_id = 1 group by status_id"
measure "board: a column's first cards, no filter" "select $COLS from deals where account_id = 1 and not is_deleted and ((pipeline_id = 1 and status_id = 1003)) $BOARD_PAGE"
measure "board: a column's first cards, a tag" "select $COLS from deals where account_id = 1 and not is_deleted and $BOARD_TAG and ((pipeline_id = 1 and status_id = 1003)) $BOARD_PAGE"
