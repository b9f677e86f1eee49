/* Voronka web UI behaviour: CSRF for htmx, board drag and drop, live board updates, the card panel,
   the list selection and the pipeline editor. No user-visible text lives here: it all comes from the page. */
(function () {
  'use strict';

  var recentlyMine = new Map(); // deal id -> when this page changed it (its echo from the live feed is skipped)

  function csrf(headers) {
    var b = document.body;
    if (b && b.dataset.csrfHeader && b.dataset.csrfToken) {
      headers[b.dataset.csrfHeader] = b.dataset.csrfToken;
    }
  }

  document.addEventListener('htmx:configRequest', function (e) { csrf(e.detail.headers); });

  htmx.config.responseHandling = [
    {code: '204', swap: false},
    {code: '[23]..', swap: true},
    {code: '(400|404|422)', swap: true, error: false},
    {code: '...', swap: false, error: true}
  ];
  htmx.config.defaultFocusScroll = false;

  // ---- the board ----

  function boardOf(root) {
    if (root.classList && root.classList.contains('board')) return root;
    return root.querySelector ? root.querySelector('.board') : null;
  }

  function markMine(id) {
    recentlyMine.set(String(id), Date.now());
  }

  var dragging = false;
  var pending = [];

  function sync(board, ids) {
    if (!ids.length) return;
    if (dragging) { // never pull a card from under the pointer; catch up when the drop is done
      pending = pending.concat(ids);
      return;
    }
    ids.forEach(function (id) {
      var el = document.getElementById('deal-' + id);
      if (el) el.remove();
    });
    var url = board.dataset.sync + '&ids=' + encodeURIComponent(ids.join(','));
    htmx.ajax('GET', url, {source: board, swap: 'none'});
  }

  /** Keeps a column newest first after cards were put in; a card older than the loaded page waits for scrolling. */
  function order(list) {
    var cards = Array.prototype.slice.call(list.querySelectorAll(':scope > .card'));
    cards.sort(function (a, b) { return Number(b.dataset.id) - Number(a.dataset.id); });
    var more = list.querySelector(':scope > .more');
    cards.forEach(function (c) { list.insertBefore(c, more); });
  }

  // a card arriving from a sync replaces whatever copy of it is still on the page (syncs may overlap)
  document.addEventListener('htmx:oobBeforeSwap', function (e) {
    var fragment = e.detail && e.detail.fragment;
    if (fragment && fragment.querySelectorAll) {
      fragment.querySelectorAll('.card[id]').forEach(function (c) {
        var old = document.getElementById(c.id);
        if (old) old.remove();
      });
    }
  });

  document.addEventListener('htmx:oobAfterSwap', function (e) {
    var list = (e.detail && e.detail.target) || e.target;
    if (list && list.classList && list.classList.contains('cards')) {
      var seen = {};
      document.querySelectorAll('.board .card[id]:not(.sortable-fallback)').forEach(function (c) {
        if (seen[c.id]) c.remove(); else seen[c.id] = true;
      });
      order(list);
    }
  });

  /**
   * The board's filter as a query string for requests that answer with column totals ("" when
   * none), and whether the board shows the Won and Lost columns (then their totals come too).
   */
  function filtered(board, path) {
    var query = [board.dataset.filter, board.dataset.closed === 'true' ? 'showClosed=true' : ''].filter(Boolean).join('&');
    return query ? path + (path.indexOf('?') < 0 ? '?' : '&') + query : path;
  }

  function move(board, item, statusId, lossReasonId) {
    var id = item.dataset.id;
    markMine(id);
    var values = {pipelineId: board.dataset.pipeline, statusId: statusId};
    if (lossReasonId) values.lossReasonId = lossReasonId;
    return htmx.ajax('POST', filtered(board, '/leads/' + id + '/move'), {source: board, swap: 'none', values: values});
  }

  /** Several selected cards moved by one drop: one request with all their ids; refused ones come back by a sync. */
  function moveMany(board, ids, statusId, lossReasonId) {
    ids.forEach(markMine);
    var url = '/leads/pipeline/' + board.dataset.pipeline + '/move?statusId=' + encodeURIComponent(statusId)
        + (lossReasonId ? '&lossReasonId=' + encodeURIComponent(lossReasonId) : '')
        + ids.map(function (id) { return '&ids=' + encodeURIComponent(id); }).join('');
    return htmx.ajax('POST', filtered(board, url), {source: board, swap: 'none'});
  }

  // a move the server refused (a field required in the stage is empty): the cards go back where they are
  document.addEventListener('deal-move-refused', function (e) {
    var board = document.querySelector('.board');
    var ids = String((e.detail && e.detail.value) || '').split(',').filter(function (id) { return id; });
    if (board && ids.length) sync(board, ids);
  });

  // ---- the board's selection: checkboxes, ctrl/cmd-click, shift-click (a range in a column), a whole stage ----

  var lastPicked = null;
  var wholeStage = null; // {status, total, filter} while the selection is a column chosen by "select all"

  function selectedCards(board) {
    return Array.prototype.slice.call(board.querySelectorAll('.card.selected'));
  }

  function pick(card, on) {
    card.classList.toggle('selected', on);
    card.setAttribute('aria-selected', String(on));
    var box = card.querySelector('.card-select');
    if (box) box.checked = on;
  }

  function clearSelection(board) {
    selectedCards(board).forEach(function (c) { pick(c, false); });
    wholeStage = null;
    lastPicked = null;
    boardSelectionChanged(board);
    // a drop ends with SortableJS checking again the boxes that were checked when the drag began
    setTimeout(function () {
      board.querySelectorAll('.card:not(.selected) .card-select:checked').forEach(function (b) { b.checked = false; });
    }, 0);
  }

  /** The selection bar follows the selection: its count, and "all matching deals of the stage" when a whole column is chosen. */
  function boardSelectionChanged(board) {
    var page = board.closest('.board-page');
    var bar = page && page.querySelector('[data-board-selection]');
    if (!bar) return;
    var chosen = selectedCards(board);
    var n = chosen.length;
    page.classList.toggle('selecting', n > 0);
    bar.hidden = n === 0;
    var form = bar.querySelector('[data-mass-bar]');
    form.hidden = n === 0;
    var label = form.querySelector('[data-mass-selected]');
    label.textContent = label.dataset.template.replace('{0}', n);
    var pageLabel = form.querySelector('[data-mass-page]');
    pageLabel.textContent = pageLabel.dataset.template.replace('{0}', n);
    var column = wholeStage && board.querySelector('.cards[data-status="' + wholeStage.status + '"]');
    var offer = !!column && wholeStage.total > n && chosen.every(function (c) { return c.parentNode === column; })
        && column.querySelectorAll(':scope > .card:not(.selected)').length === 0;
    form.querySelector('[data-mass-scope]').hidden = !offer;
    if (offer) {
      form.querySelector('input[name=filter]').value = wholeStage.filter;
      var all = form.querySelector('[data-mass-filter]');
      all.textContent = all.dataset.template.replace('{0}', wholeStage.total);
    } else {
      form.querySelector('input[name=scope][value=page]').checked = true;
    }
  }

  document.addEventListener('click', function (e) {
    var board = e.target.closest && e.target.closest('.board');
    var card = board && e.target.closest('.card');
    if (card && e.target.matches('.card-select')) {
      pick(card, e.target.checked);
      lastPicked = card;
      wholeStage = null;
      boardSelectionChanged(board);
      return;
    }
    if (card && (e.ctrlKey || e.metaKey || e.shiftKey)) {
      // a selection click, not an opening of the deal
      e.preventDefault();
      e.stopPropagation();
      if (e.shiftKey && lastPicked && lastPicked !== card && lastPicked.parentNode === card.parentNode) {
        var cards = Array.prototype.slice.call(card.parentNode.querySelectorAll(':scope > .card'));
        var a = cards.indexOf(lastPicked), b = cards.indexOf(card);
        cards.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (c) { pick(c, true); });
      } else {
        pick(card, !card.classList.contains('selected'));
      }
      lastPicked = card;
      wholeStage = null;
      boardSelectionChanged(board);
      return;
    }
    var stageButton = e.target.closest && e.target.closest('[data-select-stage]');
    if (stageButton) {
      board = stageButton.closest('.board');
      var list = board.querySelector('.cards[data-status="' + stageButton.dataset.status + '"]');
      var inColumn = Array.prototype.slice.call(list.querySelectorAll(':scope > .card'));
      var allChosen = inColumn.length > 0 && inColumn.every(function (c) { return c.classList.contains('selected'); });
      inColumn.forEach(function (c) { pick(c, !allChosen); });
      wholeStage = allChosen ? null : {status: stageButton.dataset.status, total: Number(stageButton.dataset.total),
        filter: stageButton.dataset.filter};
      boardSelectionChanged(board);
      return;
    }
    var clear = e.target.closest && e.target.closest('[data-clear-selection]');
    if (clear) {
      var b = clear.closest('.board-page').querySelector('.board');
      if (b) clearSelection(b);
    }
  }, true);

  document.addEventListener('keydown', function (e) {
    var board = document.querySelector('.board');
    if (e.key === 'Escape' && board && !document.querySelector('dialog[open]') && selectedCards(board).length) clearSelection(board);
  });

  /** The ids of the cards a drop of {@code item} moves: the whole selection when the item is one of several selected. */
  function dropped(board, item) {
    var chosen = selectedCards(board); // a card dropped on a zone has left the board already
    if (item.classList.contains('selected') && chosen.indexOf(item) < 0) chosen.push(item);
    return item.classList.contains('selected') && chosen.length > 1 ? chosen : null;
  }

  function putBack(evt) {
    var ref = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, ref);
  }

  /** Closes as lost what was dropped on Lost (one card, or a selection: the reason is asked once for all). */
  function askLossReason(board, evt, many) {
    var dialog = document.getElementById('loss-dialog');
    var close = function (reason) {
      if (many) {
        var ids = many.map(function (c) { return c.dataset.id; });
        many.forEach(function (c) { if (c !== evt.item) c.remove(); });
        clearSelection(board);
        moveMany(board, ids, 143, reason).then(function () { sync(board, ids); });
      } else {
        move(board, evt.item, 143, reason).then(function () { sync(board, [evt.item.dataset.id]); });
      }
      evt.item.remove();
    };
    if (board.dataset.askReason !== 'true' || !dialog) {
      close(null);
      return;
    }
    dialog.returnValue = '';
    dialog.onclose = function () {
      if (dialog.returnValue === 'ok') {
        close(dialog.querySelector('select').value);
      } else {
        putBack(evt);
      }
    };
    dialog.showModal();
  }

  function initBoard(board) {
    if (board.dataset.ready) return;
    board.dataset.ready = '1';
    var page = board.closest('.board-page');
    var zones = page.querySelector('.dropzones');
    var common = {
      group: 'deals', animation: 150, draggable: '.card', filter: '.more, .card-select', preventOnFilter: false,
      ghostClass: 'card-ghost', chosenClass: 'card-chosen', dragClass: 'card-drag', forceFallback: true, fallbackTolerance: 3,
      onStart: function (evt) {
        dragging = true;
        zones.classList.add('visible');
        page.classList.add('dragging');
        var many = dropped(board, evt.item);
        if (many) { // the other selected cards travel with it: they are marked, the dragged one shows how many
          page.classList.add('dragging-many');
          var clone = document.querySelector('.card-drag');
          if (clone) clone.dataset.count = String(many.length);
        }
      },
      onEnd: function () {
        dragging = false;
        page.classList.remove('dragging-many');
        zones.classList.remove('visible');
        page.classList.remove('dragging');
        var later = pending.filter(function (id, i, all) { return all.indexOf(id) === i; });
        pending = [];
        setTimeout(function () { sync(board, later); }, 0);
      }
    };
    board.querySelectorAll('.cards').forEach(function (list) {
      Sortable.create(list, Object.assign({}, common, {
        onAdd: function (evt) {
          var many = dropped(board, evt.item);
          if (!many) {
            move(board, evt.item, list.dataset.status);
            return;
          }
          many.forEach(function (c) { if (c !== evt.item) list.insertBefore(c, evt.item.nextSibling); });
          order(list);
          var ids = many.map(function (c) { return c.dataset.id; });
          clearSelection(board);
          moveMany(board, ids, list.dataset.status);
        }
      }));
    });
    zones.querySelectorAll('.zone').forEach(function (zone) {
      Sortable.create(zone, Object.assign({}, common, {
        group: {name: 'deals', pull: false, put: true},
        onAdd: function (evt) {
          var item = evt.item;
          var many = dropped(board, item);
          if (many) {
            var ids = many.map(function (c) { return c.dataset.id; });
            if (zone.dataset.action === 'delete') {
              if (window.confirm(zone.dataset.confirmMany.replace('{0}', ids.length))) {
                ids.forEach(markMine);
                // the board is reloaded when they are in the trash
                htmx.ajax('POST', '/leads/delete?' + ids.map(function (id) { return 'ids=' + encodeURIComponent(id); }).join('&'),
                  {source: board, swap: 'none'});
                many.forEach(function (c) { c.remove(); });
              } else {
                putBack(evt);
              }
              return;
            }
            if (zone.dataset.status === '143') {
              askLossReason(board, evt, many);
              return;
            }
            many.forEach(function (c) { c.remove(); });
            clearSelection(board);
            moveMany(board, ids, zone.dataset.status).then(function () { sync(board, ids); });
            return;
          }
          if (zone.dataset.action === 'delete') {
            if (window.confirm(zone.dataset.confirm)) {
              markMine(item.dataset.id);
              htmx.ajax('POST', '/leads/' + item.dataset.id + '/delete', {source: board, swap: 'none'})
                .then(function () { sync(board, [item.dataset.id]); });
              item.remove();
            } else {
              putBack(evt);
            }
            return;
          }
          if (zone.dataset.status === '143') {
            askLossReason(board, evt);
            return;
          }
          move(board, item, zone.dataset.status).then(function () { sync(board, [item.dataset.id]); });
          // the card leaves the zone at once; it comes back in a closed column if those are shown
          item.remove();
        }
      }));
    });
    if (window.EventSource && board.dataset.events) {
      var feed = new EventSource(board.dataset.events);
      board._feed = feed;
      feed.addEventListener('deals', function (e) {
        if (!document.body.contains(board)) { feed.close(); return; }
        var now = Date.now();
        var ids = e.data.split(',').filter(function (id) {
          var t = recentlyMine.get(id);
          return !(t && now - t < 8000);
        });
        sync(board, ids);
      });
    }
  }

  document.addEventListener('htmx:beforeCleanupElement', function (e) {
    if (e.target && e.target._feed) e.target._feed.close();
  });

  // the card panel or page changed a deal: refresh it on the board underneath
  // a deal added on this page: its echo from the live feed is not news
  document.addEventListener('deals-created', function (e) {
    String((e.detail && e.detail.value) || '').split(',').forEach(function (id) { if (id) markMine(id); });
  });

  document.addEventListener('deals-changed', function (e) {
    var board = document.querySelector('.board');
    var id = e.detail && e.detail.value;
    if (board && id) {
      markMine(id);
      sync(board, [String(id)]);
    }
  });

  // ---- the card panel ----

  function closePanel() {
    var panel = document.getElementById('panel');
    if (!panel || !panel.classList.contains('open')) return;
    panel.classList.remove('open');
    panel.innerHTML = '';
    var under = document.querySelector('.board[data-url], .parties-page[data-url]');
    if (under && under.dataset.url) history.pushState({}, '', under.dataset.url);
    var last = panel._opener;
    if (last && document.body.contains(last)) last.focus();
  }

  document.addEventListener('htmx:beforeRequest', function (e) {
    var target = e.detail.target;
    if (target && target.id === 'panel') target._opener = e.detail.elt;
  });

  document.addEventListener('htmx:afterSwap', function (e) {
    var target = e.detail.target;
    if (target && target.id === 'panel') {
      target.classList.add('open');
      var close = target.querySelector('.panel-close');
      if (close) close.focus();
    }
    if (target && target.id === 'content') {
      var panel = document.getElementById('panel');
      if (panel) { panel.classList.remove('open'); panel.innerHTML = ''; }
    }
  });

  document.addEventListener('click', function (e) {
    document.querySelectorAll('details.dropdown[open], details.palette[open]').forEach(function (d) {
      if (!d.contains(e.target)) d.open = false;
    });
    var el = e.target.closest('[data-close-panel]');
    if (el) { e.preventDefault(); closePanel(); return; }
    var dismiss = e.target.closest('[data-dismiss]');
    if (dismiss) { dismiss.closest('.flash-message').remove(); return; }
    var clear = e.target.closest('[data-clear-row]');
    if (clear) { // removing a phone or e-mail: empty its row and save the editor
      var input = clear.parentNode.querySelector('input[name=value]');
      input.value = '';
      input.dispatchEvent(new Event('change', {bubbles: true}));
      return;
    }
    var toggle = e.target.closest('[data-toggle-next]');
    if (toggle) {
      var form = toggle.nextElementSibling;
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector('input[name=name]').focus();
    }
  });

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !document.querySelector('dialog[open]')) closePanel();
    // the pipeline editor: Alt+Left / Alt+Right moves the focused stage (as its arrow buttons do)
    if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      var stage = e.target.closest && e.target.closest('.stage.working');
      if (stage) {
        var button = stage.querySelector(e.key === 'ArrowLeft' ? '.stage-move.left' : '.stage-move.right');
        if (button && !button.disabled) { e.preventDefault(); button.click(); }
      }
    }
  });

  window.addEventListener('popstate', function () {
    var panel = document.getElementById('panel');
    if (panel && panel.classList.contains('open') && !/^\/(leads|contacts|companies)\/\d+$/.test(location.pathname)) {
      panel.classList.remove('open');
      panel.innerHTML = '';
    }
  });

  // ---- forms ----

  function selectionChanged(table) {
    var form = table.closest('form');
    if (!form) return;
    var n = form.querySelectorAll('input[name=ids]:checked').length;
    form.querySelectorAll('[data-min-selected]').forEach(function (b) { b.disabled = n < Number(b.dataset.minSelected); });
    var count = form.querySelector('[data-selected-count]');
    if (count) count.textContent = String(n);
  }

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.matches('[data-autosubmit]')) t.form.submit();
    if (t.matches('[data-select-all]')) {
      t.closest('table').querySelectorAll('input[name=ids]').forEach(function (box) { box.checked = t.checked; });
    }
    if (t.matches('[data-select-all], input[name=ids]') && t.closest('table')) selectionChanged(t.closest('table'));
    if (t.matches('[data-deadline-preset]')) {
      var due = t.form.querySelector('input[name=due]');
      if (due) {
        due.hidden = t.value !== 'exact';
        if (!due.hidden) due.focus();
      }
    }
    if (t.matches('[data-select-all], input[name=ids]')) updateMassBar();
    if (t.matches('[data-mass-action]')) showActionFields(t);
    if (t.matches('[data-period]')) t.parentNode.querySelector('.range').hidden = t.value !== 'custom';
  });

  // ---- the timeline composer and the tag editor ----

  document.addEventListener('click', function (e) {
    var tab = e.target.closest('[data-composer-tab]');
    if (tab) {
      var composer = tab.closest('.composer');
      composer.querySelectorAll('[data-composer-tab]').forEach(function (b) {
        b.setAttribute('aria-selected', String(b === tab));
      });
      composer.querySelectorAll('[data-composer]').forEach(function (f) {
        f.hidden = f.dataset.composer !== tab.dataset.composerTab;
      });
      var first = composer.querySelector('[data-composer="' + tab.dataset.composerTab + '"] textarea, [data-composer="'
          + tab.dataset.composerTab + '"] input:not([type=hidden])');
      if (first) first.focus();
    }
    if (!e.target.closest('.tag-editor')) {
      document.querySelectorAll('.tag-editor .suggest').forEach(function (s) { s.hidden = true; });
    }
  });

  // ---- mass actions in the list: the bar follows the selection; "all by filter" is offered when more match ----

  function updateMassBar() {
    var bar = document.querySelector('[data-mass-bar]');
    if (!bar || !document.getElementById('list-body')) return; // the board keeps its own selection
    var boxes = document.querySelectorAll('#list-body input[name=ids]');
    var checked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    var all = document.querySelector('[data-select-all]');
    var total = parseInt(bar.dataset.total || '0', 10);
    bar.hidden = checked === 0;
    var label = bar.querySelector('[data-mass-selected]');
    label.textContent = label.dataset.template.replace('{0}', checked);
    var page = bar.querySelector('[data-mass-page]');
    page.textContent = page.dataset.template.replace('{0}', checked);
    var scope = bar.querySelector('[data-mass-scope]');
    var offer = all && all.checked && total > checked;
    scope.hidden = !offer;
    if (!offer) bar.querySelector('input[name=scope][value=page]').checked = true;
  }

  function showActionFields(select) {
    select.form.querySelectorAll('[data-for]').forEach(function (span) {
      span.hidden = span.dataset.for.split(' ').indexOf(select.value) < 0;
    });
  }

  // an export is a download, not a job: the bar's choices (and the checked rows) become a plain GET the browser saves
  document.addEventListener('htmx:beforeRequest', function (e) {
    var form = e.detail.elt;
    if (!form.matches || !form.matches('[data-mass-bar]') || form.querySelector('[data-mass-action]').value !== 'export') return;
    e.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    document.querySelectorAll('#list-body input[name=ids]:checked').forEach(function (box) { params.append('ids', box.value); });
    window.location.href = form.dataset.exportUrl + '?' + params.toString();
  });

  document.addEventListener('click', function (e) {
    if (e.target.matches('[data-dismiss-panel]')) {
      var panel = document.getElementById('mass-panel');
      if (panel) panel.innerHTML = '';
    }
  });

  // ---- the pipeline editor ----

  function initEditor(row) {
    if (row.dataset.ready) return;
    row.dataset.ready = '1';
    Sortable.create(row, {
      draggable: '.stage.working', handle: '.handle', forceFallback: true, filter: '.add-stage', preventOnFilter: false, animation: 150,
      onEnd: function (evt) {
        if (evt.oldDraggableIndex === evt.newDraggableIndex) return;
        var stages = Array.prototype.slice.call(row.querySelectorAll('.stage.working'));
        htmx.ajax('POST', evt.item.dataset.moveUrl, {
          source: evt.item, target: '#editor', swap: 'outerHTML', values: {position: stages.indexOf(evt.item)}
        });
      }
    });
  }

  function scrollTimelines(root) {
    root.querySelectorAll('.timeline').forEach(function (t) { t.scrollTop = t.scrollHeight; });
  }

  // the bell follows new notifications without a reload
  setInterval(function () {
    var count = document.getElementById('bell-count');
    if (!count || document.hidden || !window.fetch) return;
    fetch(count.dataset.src, {credentials: 'same-origin', headers: {'Accept': 'text/plain'}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (t) {
        if (t == null || !/^\d+$/.test(t.trim())) return;
        count.textContent = t.trim();
        count.hidden = t.trim() === '0';
      })
      .catch(function () {});
  }, 10000);

  htmx.onLoad(function (root) {
    var board = boardOf(root);
    if (board) initBoard(board);
    if (root.querySelectorAll) {
      root.querySelectorAll('.stages-working').forEach(initEditor);
      scrollTimelines(root);
    }
    if (root.classList && root.classList.contains('timeline')) scrollTimelines(root.parentNode);
  });
})();
