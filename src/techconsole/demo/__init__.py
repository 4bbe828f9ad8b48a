"""Demo data: a fictional Italian IT-support customer base, the same for the same seed.

``generate`` fills an *empty* database with a team, customers (contracts on every plan of
the policy, contacts who may or may not authorise), and incidents over the recent weeks
before ``ctx.now()``: most resolved or closed, the rest open in every state, with the
work done on them (timer sessions, parts, a few timers running) and, unless ``reports``
is false, the work report of every finished one.  Names, texts and patterns come from
``data/demo/*.toml``; everything is invented or generic.

The modules, in the order a run uses them:

- ``texts``: the definitions of ``data/demo``, loaded and checked;
- ``setting``: the fixed facts of one run and its random stream;
- ``writer``: the big tables' rows as tuples, straight to the driver in batches (SQLite's
  ``executemany``, PostgreSQL's ``COPY``; volume: a million incidents), in a transaction
  set up for a bulk load (``store.bulk``);
- ``people``: the team and the customers with their contracts and contacts;
- ``arrivals``: the kind and arrival of every incident, before any detail;
- ``requests``: what each incident asks, by whom, under which plan;
- ``timelines``: the use cases played on each incident, as the services record them;
- ``incidents``: the rows, numbered and written in batches, with their queue columns;
- ``work``: each incident's sessions and parts, from a random stream of its own, kept
  clear of each other in ``agenda``, written (with their timeline entries) by
  ``work_rows``;
- ``derived``: the tables the services keep beside those rows, filled for them at once;
- ``summary``: what was made; ``run``: ``generate`` itself.

``times``, ``picks`` and ``model`` hold the shared helpers and shapes.

Apart from ``generate``, ``write_mix`` is the work of technicians writing at once through
the services (a small population and a mix of operations), for the concurrency test and
``benchmarks/bench_writes.py``.
"""

from techconsole.demo.arrivals import MIN_OPEN, OPEN_SHARE, UNSOLVED_SHARE
from techconsole.demo.run import MAX_CUSTOMERS, MAX_INCIDENTS, generate
from techconsole.demo.summary import DemoSummary
from techconsole.demo.texts import Category, DemoTexts, load_texts
from techconsole.demo.writer import BATCH
from techconsole.store.bulk import LOAD_CACHE_KIB

__all__ = [
    "BATCH",
    "LOAD_CACHE_KIB",
    "MAX_CUSTOMERS",
    "MAX_INCIDENTS",
    "MIN_OPEN",
    "OPEN_SHARE",
    "UNSOLVED_SHARE",
    "Category",
    "DemoSummary",
    "DemoTexts",
    "generate",
    "load_texts",
]
