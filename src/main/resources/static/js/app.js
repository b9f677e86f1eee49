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
    var url = board.dataset.sync + '?ids=' + encodeURIComponent(ids.join(',')) + '&closed=' + board.dataset.closed
        + (board.dataset.tasks ? '&tasks=' + encodeURIComponent(board.dataset.tasks) : '');
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

  function move(board, item, statusId, lossReasonId) {
    var id = item.dataset.id;
    markMine(id);
    var values = {pipelineId: board.dataset.pipeline, statusId: statusId};
    if (lossReasonId) values.lossReasonId = lossReasonId;
    if (board.dataset.tasks) values.tasks = board.dataset.tasks;
    return htmx.ajax('POST', '/leads/' + id + '/move', {source: board, swap: 'none', values: values});
  }

  // a move the server refused (a field required in the stage is empty): the card goes back where it is
  document.addEventListener('deal-move-refused', function (e) {
    var board = document.querySelector('.board');
    var id = e.detail && e.detail.value;
    if (board && id) sync(board, [String(id)]);
  });

  function putBack(evt) {
    var ref = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, ref);
  }

  function askLossReason(board, evt) {
    var dialog = document.getElementById('loss-dialog');
    if (board.dataset.askReason !== 'true' || !dialog) {
      move(board, evt.item, 143).then(function () { sync(board, [evt.item.dataset.id]); });
      return;
    }
    dialog.returnValue = '';
    dialog.onclose = function () {
      if (dialog.returnValue === 'ok') {
        var reason = dialog.querySelector('select').value;
        move(board, evt.item, 143, reason).then(function () { sync(board, [evt.item.dataset.id]); });
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
      group: 'deals', animation: 150, draggable: '.card', filter: '.more', preventOnFilter: false,
      ghostClass: 'card-ghost', chosenClass: 'card-chosen', dragClass: 'card-drag', forceFallback: true, fallbackTolerance: 3,
      onStart: function () { dragging = true; zones.classList.add('visible'); page.classList.add('dragging'); },
      onEnd: function () {
        dragging = false;
        zones.classList.remove('visible');
        page.classList.remove('dragging');
        var later = pending.filter(function (id, i, all) { return all.indexOf(id) === i; });
        pending = [];
        setTimeout(function () { sync(board, later); }, 0);
      }
    };
    board.querySelectorAll('.cards').forEach(function (list) {
      Sortable.create(list, Object.assign({}, common, {
        onAdd: function (evt) { move(board, evt.item, list.dataset.status); }
      }));
    });
    zones.querySelectorAll('.zone').forEach(function (zone) {
      Sortable.create(zone, Object.assign({}, common, {
        group: {name: 'deals', pull: false, put: true},
        onAdd: function (evt) {
          var item = evt.item;
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
          } else {
            move(board, item, zone.dataset.status).then(function () { sync(board, [item.dataset.id]); });
          }
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
    if (!bar) return;
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
