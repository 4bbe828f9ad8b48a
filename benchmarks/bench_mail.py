"""Taking mail at volume: a Maildir of 10,000 messages, a third of them replies.

Run by hand (never a timed test)::

    python benchmarks/bench_mail.py [--messages 10000] [--db URL]

It builds a database with 200 customers (two contacts each, with addresses), writes a
Maildir of ``--messages`` messages — two thirds new requests from known contacts (some
with a small attachment), a third replies threaded by In-Reply-To to earlier ones — then
takes it all with the same code as ``techconsole mail fetch`` (parse, record once, move
to ``cur/``), in one process.  It prints messages per second and the peak memory
(``ru_maxrss``).  Target: at least 200 messages/s on SQLite.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from results import record
from techconsole.mail import intake_run
from techconsole.mail.sources import MaildirSource
from techconsole.services import setup
from techconsole.services.customers import registry as customers


def build(ctx, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    addresses: list[str] = []
    for n in range(count):
        customer = customers.add_customer(ctx, customers.NewCustomer(f"Cliente {n:03d} S.r.l."))
        customers.add_contract(ctx, customer.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
        for role, who in (("titolare", "titolare"), ("ads", "it")):
            email = f"{who}@cliente{n:03d}.example"
            customers.add_contact(ctx, customer.id, f"{who.title()} {n}", role, email=email)
            addresses.append(email)
    return addresses


def message(n: int, sender: str, at: datetime, reply_to: int | None) -> bytes:
    msg = EmailMessage()
    msg["Received"] = f"from mua by mx.bench.example; {format_datetime(at)}"
    msg["From"] = f"Persona {n} <{sender}>"
    msg["To"] = "assistenza@bench.example"
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<m{n}@bench.example>"
    if reply_to is None:
        msg["Subject"] = f"Problema n. {n}: la stampante non stampa più"
        msg.set_content(f"Buongiorno,\nil problema {n} si è presentato stamattina.\n\nGrazie")
        if n % 10 == 0:
            msg.add_attachment(b"x" * 20_000, maintype="image", subtype="png", filename="foto.png")
    else:
        msg["Subject"] = f"Re: Problema n. {reply_to}"
        msg["In-Reply-To"] = f"<m{reply_to}@bench.example>"
        msg.set_content(f"Si ripresenta.\n\nIl giorno ieri ha scritto:\n> il problema {reply_to}")
    return msg.as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    url = args.db or str(folder / "bench.db")
    ctx = setup.open_context(database=url)
    addresses = build(ctx, 200)
    rng = random.Random(1)
    maildir = folder / "Maildir"
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True)
    start = datetime.now(UTC) - timedelta(days=20)
    originals: list[int] = []
    for n in range(args.messages):
        at = start + timedelta(minutes=2 * n * 10_000 / args.messages)
        reply = rng.choice(originals) if originals and n % 3 == 2 else None
        if reply is None:
            originals.append(n)
        raw = message(n, rng.choice(addresses), at, reply)
        (maildir / "new" / f"{n:06d}.bench").write_bytes(raw)
    print(f"{args.messages} messages in {maildir}; taking them…", file=sys.stderr)
    options = intake_run.Options()
    began = time.perf_counter()
    done = intake_run.ingest(ctx, MaildirSource(maildir), options)
    elapsed = time.perf_counter() - began
    outcomes: dict[str, int] = {}
    for result in done:
        key = result.taken.outcome if result.taken else "error"
        outcomes[key] = outcomes.get(key, 0) + 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = len(done) / elapsed
    print(f"taken: {len(done)} in {elapsed:.1f} s = {rate:.0f} messages/s  {outcomes}")
    print(f"peak memory: {peak:.0f} MB (ru_maxrss)")
    record(
        "mail",
        f"taking {args.messages} messages from a Maildir",
        [rate],
        unit="messages/s",
        target="≥ 200 messages/s",
        met=rate >= 200,
        higher_is_better=True,
    )
    print(f"target ≥ 200 messages/s: {'met' if rate >= 200 else 'NOT met'}")
    ctx.db.dispose()


if __name__ == "__main__":
    main()
